/**
 * The texts client deals record in `Message` and in their deal-stage log. The structure follows
 * go-fil-markets (a fixed prefix, a colon, then the wrapped error); the wording is ours. Tests
 * assert against these builders, never against literals.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import { formatChannel, peerFromRecord } from '../adapters/record-ids.ts'
import {
  type ChainEpoch,
  type ChannelID,
  exitCodeText,
  type PeerId,
  type StorageDealStatus,
  statusCode,
  type TokenAmount,
} from '../market/index.ts'

const wrap = (prefix: string, error: string): string => `${prefix}: ${error}`

/** Message and log texts, one builder per use. */
export const clientMessages = {
  reserveFundsFailed: (error: string) => wrap('adding market funds failed', error),
  fundingInitiated: (message: CID) => `reserving funds for the deal, add-funds message ${message}`,
  fundsReserved: (amount: TokenAmount) => `funds reserved: ${amount} attoFIL`,
  fundsReleased: (amount: TokenAmount) => `funds released: ${amount} attoFIL`,
  addFundsWaitFailed: (error: string) => wrap('waiting for the add-funds message failed', error),
  addFundsExitCode: (exitCode: number) => `add-funds message failed with exit code ${exitCodeText(exitCode)}`,
  writeProposalFailed: (error: string) => wrap('sending the proposal to the provider failed', error),
  initiateDataTransfer: () => 'opening the data transfer to the provider',
  dataTransferInitiated: (channel: ChannelID) => `data transfer started on channel ${formatChannel(channel)}`,
  dataTransferRestarted: (channel: ChannelID) =>
    `data transfer restarted on channel ${formatChannel(channel)}`,
  dataTransferQueued: (channel: ChannelID) =>
    `the provider queued its request for the data on channel ${formatChannel(channel)}`,
  dataTransferFailed: (error: string) => wrap('data transfer failed', error),
  pushChannelFailed: (error: string) => wrap('opening the push channel failed', error),
  transferReportedError: (error: string) => wrap('the transfer reported an error', error),
  dataTransferRestartFailed: (error: string) => wrap('restarting the data transfer failed', error),
  noChannelRecorded: () => 'no transfer channel is recorded for the deal',
  dataTransferStalled: (miner: PeerId, error: string | undefined) =>
    `data transfer stalled, provider ${peerFromRecord(miner)} is unreachable${error === undefined ? '' : `: ${error}`}`,
  dataTransferCancelled: () => 'data transfer cancelled',
  readResponseFailed: (error: string) => wrap("reading the provider's response failed", error),
  responseVerificationFailed: () => "the provider's response is not signed by its worker",
  responseDealDidNotMatch: (responseCid: CID | null, proposalCid: CID) =>
    `the provider answered about proposal ${responseCid ?? 'none'}, not ${proposalCid}`,
  unexpectedDealState: (status: StorageDealStatus, providerMessage: string) =>
    `unexpected deal status while waiting for the data request: ${statusCode(status)} (${status}); provider message: ${providerMessage}`,
  mk12DealIncomplete: () => 'the mk/1.2 deal has no data reference or no transfer to propose',
  streamCloseError: (error: string) => wrap('closing the deal stream failed', error),
  dealRejected: (state: StorageDealStatus, reason: string) =>
    wrap(`deal failed (state ${statusCode(state)} ${state})`, reason),
  acceptanceDeadlinePassed: (deadline: ChainEpoch, epoch: ChainEpoch, providerState: string) =>
    `not accepted by epoch ${deadline} (start epoch + grace), now ${epoch}; the provider's last state: ${providerState}`,
  providerQueryFailed: (error: string) => `unknown, the status query failed: ${error}`,
  providerState: (state: StorageDealStatus) => `the provider's deal state: ${state}`,
  providerVerifyingData: () => 'the provider is verifying the data',
  providerPublishing: () => 'waiting for the provider to publish the deal on chain',
  providerPublishSent: () => 'the provider sent the publish message and waits for it to land',
  providerFunding: () => 'waiting for the provider to lock its collateral',
  dealAccepted: () => 'the provider accepted the deal',
  dealPublishFailed: (error: string) => wrap('checking the published deal on chain failed', error),
  dealPrecommitFailed: (error: string) => wrap('waiting for the sector pre-commit failed', error),
  dealPrecommitted: () => 'the sector pre-commit landed on chain',
  dealActivationFailed: (error: string) => wrap('checking the deal activation failed', error),
  dealActivated: () => 'the deal is active on chain',
  dealCompletionFailed: (error: string) => wrap('waiting for the deal to expire or be slashed failed', error),
  expiryWatchFailed: (error: string) => wrap('watching for expiry failed', error),
  slashingWatchFailed: (error: string) => wrap('watching for slashing failed', error),
  dealSlashed: (epoch: ChainEpoch) => `the deal was slashed at epoch ${epoch}`,
} as const
