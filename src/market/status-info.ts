/**
 * Human-readable data attached to each StorageDealStatus. `label` and `expectedDuration` are the
 * strings go-fil-markets keeps in its descriptions and durations maps; the client's deal-stage log
 * copies them into every stage, so they are reproduced exactly (empty strings included: TransferQueued
 * is missing from both maps in the reference, and several durations are empty there on purpose).
 *
 * @module
 */

import type { StorageDealStatus } from './status.ts'

/** What the library knows about one status. */
export interface StatusInfo {
  /** One line, in our own words, on what the status means. */
  readonly meaning: string
  /** The go-fil-markets description string (`DealStatesDescriptions`), used for deal stages. */
  readonly label: string
  /** The go-fil-markets rough time spent in the status (`DealStatesDurations`), used for deal stages. */
  readonly expectedDuration: string
}

const MINUTES = 'a few minutes'

function info(meaning: string, label: string, expectedDuration = ''): StatusInfo {
  return { meaning, label, expectedDuration }
}

/** {@link StatusInfo} for every status. */
export const STATUS_INFO: Readonly<Record<StorageDealStatus, StatusInfo>> = {
  StorageDealUnknown: info('A new record that has not processed its first event yet.', 'Unknown'),
  StorageDealProposalNotFound: info(
    'Reserved for answers about an unknown proposal; no machine enters it.',
    'Proposal not found',
  ),
  StorageDealProposalRejected: info(
    'Reserved for a provider refusal; no machine enters it.',
    'Proposal rejected',
  ),
  StorageDealProposalAccepted: info(
    'Client: the provider reports the deal accepted; the publish is being checked on chain.',
    'Proposal accepted',
    MINUTES,
  ),
  StorageDealStaged: info(
    'Provider: the deal is published and its data goes to sealing next.',
    'Staged',
    MINUTES,
  ),
  StorageDealSealing: info(
    'The sector holding the deal is pre-committed; waiting for activation.',
    'Sealing',
    'a few hours',
  ),
  StorageDealFinalizing: info(
    'Provider: the sector is sealed; temporary files are being cleaned up.',
    'Finalizing',
    MINUTES,
  ),
  StorageDealActive: info('The deal is active on chain until it expires or is slashed.', 'Active'),
  StorageDealExpired: info('The deal reached its end epoch (final).', 'Expired'),
  StorageDealSlashed: info('The sector holding the deal was slashed (final).', 'Slashed'),
  StorageDealRejecting: info('Provider: the proposal is refused and the refusal is being sent.', 'Rejecting'),
  StorageDealFailing: info('A failure happened; cleanup runs before the deal ends in error.', 'Failing'),
  StorageDealFundsReserved: info(
    'Client: payment and collateral are reserved; the proposal is sent next.',
    'FundsReserved',
    MINUTES,
  ),
  StorageDealCheckForAcceptance: info(
    'Client: polling the provider until the deal is published.',
    'Checking for deal acceptance',
    MINUTES,
  ),
  StorageDealValidating: info('Provider: checking the proposal parameters.', 'Validating', MINUTES),
  StorageDealAcceptWait: info('Provider: running the custom accept/reject decision.', 'AcceptWait', MINUTES),
  StorageDealStartDataTransfer: info(
    'Client: opening the data transfer to the provider.',
    'Starting data transfer',
    MINUTES,
  ),
  StorageDealTransferring: info('The deal data is moving from client to provider.', 'Transferring', MINUTES),
  StorageDealWaitingForData: info(
    'Provider: accepted; waiting for a transfer or a manual import.',
    'Waiting for data',
    MINUTES,
  ),
  StorageDealVerifyData: info(
    'Provider: checking the received data against the proposed piece commitment.',
    'Verifying data',
    MINUTES,
  ),
  StorageDealReserveProviderFunds: info(
    'Provider: reserving its collateral in the market actor.',
    'Reserving provider funds',
    MINUTES,
  ),
  StorageDealReserveClientFunds: info(
    'Client: reserving payment and collateral in the market actor.',
    'Reserving client funds',
    MINUTES,
  ),
  StorageDealProviderFunding: info(
    'Provider: waiting for its add-funds message to land.',
    'Provider funding',
    MINUTES,
  ),
  StorageDealClientFunding: info(
    'Client: waiting for its add-funds message to land.',
    'Client funding',
    MINUTES,
  ),
  StorageDealPublish: info('Provider: about to send the publish-storage-deals message.', 'Publish', MINUTES),
  StorageDealPublishing: info('Provider: waiting for the publish message to land.', 'Publishing', MINUTES),
  StorageDealError: info('The deal failed for good; nothing more happens (final).', 'Error'),
  StorageDealProviderTransferAwaitRestart: info(
    'Provider: restarted during a transfer; waiting, with a timeout, for the client to resume it.',
    'ProviderTransferAwaitRestart',
    MINUTES,
  ),
  StorageDealClientTransferRestart: info(
    'Client: restarted during a transfer; restarting the transfer channel.',
    'Client transfer restart',
    'depending on data size, anywhere between a few minutes to a few hours',
  ),
  StorageDealAwaitingPreCommit: info(
    'Waiting for the sector holding the deal to be pre-committed.',
    'Awaiting a PreCommit message on chain',
    MINUTES,
  ),
  StorageDealTransferQueued: info("Client: the provider's request for the data is queued.", ''),
}

/** The go-fil-markets description string of a status ('' for StorageDealTransferQueued). */
export function statusDescription(status: StorageDealStatus): string {
  return STATUS_INFO[status].label
}

/** The go-fil-markets expected-duration string of a status ('' where the reference has none). */
export function statusExpectedDuration(status: StorageDealStatus): string {
  return STATUS_INFO[status].expectedDuration
}
