/**
 * The provider's answers to Boost status queries (`/fil/storage/status/1.2.0`): the deal found by
 * its UUID, the request checked against the proposal client's signature over the UUID bytes, and
 * the deal's state given as Boost's checkpoint names.
 *
 * @module
 */

import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import {
  type DealCheckpoint,
  formatDealUuid,
  type MinerDeal,
  type Mk12DealStatusRequest,
  type Mk12DealStatusResponse,
  mk12DealStatusRequestSigningBytes,
  type StorageDealStatus,
} from '../market/index.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import type { DealUuidIndex } from './deal-uuids.ts'

/**
 * The checkpoint each provider state reports (boost-mk12.md §8.1):
 * - until the data is verified (the deal is recorded, waits for or receives its data): Accepted;
 * - verified, collateral being reserved, waiting for a publish batch: Transferred;
 * - publish message sent, waiting for it to land: Published;
 * - on chain with a deal ID, being handed to sealing: PublishConfirmed;
 * - handed off (the hand-off also records the piece for retrieval and announces it, so Boost's
 *   AddedPiece is passed within one step), through sealing and activation: IndexedAndAnnounced;
 * - failing, failed, rejected, expired, slashed: Complete (Boost's only end state).
 */
export const PROVIDER_STATE_CHECKPOINTS: Readonly<Record<StorageDealStatus, DealCheckpoint>> = {
  StorageDealUnknown: 'Accepted',
  StorageDealProposalNotFound: 'Complete',
  StorageDealProposalRejected: 'Complete',
  StorageDealProposalAccepted: 'Accepted',
  StorageDealStaged: 'PublishConfirmed',
  StorageDealSealing: 'IndexedAndAnnounced',
  StorageDealFinalizing: 'IndexedAndAnnounced',
  StorageDealActive: 'IndexedAndAnnounced',
  StorageDealExpired: 'Complete',
  StorageDealSlashed: 'Complete',
  StorageDealRejecting: 'Complete',
  StorageDealFailing: 'Complete',
  StorageDealFundsReserved: 'Transferred',
  StorageDealCheckForAcceptance: 'Accepted',
  StorageDealValidating: 'Accepted',
  StorageDealAcceptWait: 'Accepted',
  StorageDealStartDataTransfer: 'Accepted',
  StorageDealTransferring: 'Accepted',
  StorageDealWaitingForData: 'Accepted',
  StorageDealVerifyData: 'Accepted',
  StorageDealReserveProviderFunds: 'Transferred',
  StorageDealReserveClientFunds: 'Accepted',
  StorageDealProviderFunding: 'Transferred',
  StorageDealClientFunding: 'Accepted',
  StorageDealPublish: 'Transferred',
  StorageDealPublishing: 'Published',
  StorageDealError: 'Complete',
  StorageDealProviderTransferAwaitRestart: 'Accepted',
  StorageDealClientTransferRestart: 'Accepted',
  StorageDealAwaitingPreCommit: 'IndexedAndAnnounced',
  StorageDealTransferQueued: 'Accepted',
}

/**
 * The sealing state a status answer names (Lotus sector-state names, as Boost asks its sealer):
 * none before the hand-off, WaitDeals while the sector is not pre-committed, PreCommitWait until
 * it is proven, Proving once the deal is active.
 */
export function sealingStatusOf(state: StorageDealStatus): string {
  switch (state) {
    case 'StorageDealAwaitingPreCommit':
      return 'WaitDeals'
    case 'StorageDealSealing':
      return 'PreCommitWait'
    case 'StorageDealFinalizing':
    case 'StorageDealActive':
      return 'Proving'
    default:
      return ''
  }
}

/** Boost's texts of failed status queries. */
export const Mk12StatusText = {
  notFound: (uuid: string) => `no storage deal found with deal UUID ${uuid}`,
  accountKey: (client: string) => `failed to get account key for client addr ${client}`,
  badSignature: 'signature verification failed',
} as const

/** What a status answer needs. */
export interface Mk12StatusParts {
  readonly group: ProviderDealGroup
  readonly uuids: DealUuidIndex
  readonly node: Pick<StorageProviderNode, 'getChainHead' | 'verifySignature'>
  /** Bytes received so far by the running pull of a deal (0 when none runs). */
  readonly bytesReceived: (deal: MinerDeal) => number
}

/** Answer a status 1.2.0 request; failed queries are answered with Boost's error texts. */
export async function answerMk12DealStatus(
  parts: Mk12StatusParts,
  request: Mk12DealStatusRequest,
  options: AbortOptions = {},
): Promise<Mk12DealStatusResponse> {
  const failed = (error: string): Mk12DealStatusResponse => ({
    DealUUID: request.DealUUID,
    Error: error,
    DealStatus: null,
    IsOffline: false,
    TransferSize: 0,
    NBytesReceived: 0,
  })
  const uuid = formatDealUuid(request.DealUUID)
  const proposalCid = await parts.uuids.get(request.DealUUID, options)
  if (proposalCid === undefined) return failed(Mk12StatusText.notFound(uuid))
  let deal: MinerDeal
  try {
    deal = await parts.group.get(proposalCid.toString())
  } catch {
    return failed(Mk12StatusText.notFound(uuid))
  }
  let valid: boolean
  try {
    const head = await parts.node.getChainHead(options)
    const bytes = mk12DealStatusRequestSigningBytes(request.DealUUID)
    valid = await parts.node.verifySignature(
      request.Signature,
      deal.Proposal.Client,
      bytes,
      head.token,
      options,
    )
  } catch {
    return failed(Mk12StatusText.accountKey(deal.Proposal.Client.toString()))
  }
  if (!valid) return failed(Mk12StatusText.badSignature)
  const offline = deal.Transfer === undefined
  const checkpoint = PROVIDER_STATE_CHECKPOINTS[deal.State]
  const expired = deal.State === 'StorageDealExpired'
  return {
    DealUUID: request.DealUUID,
    Error: '',
    DealStatus: {
      // A deal that ended well (expired) carries no error; every other Complete carries its reason.
      Error: checkpoint === 'Complete' && !expired ? deal.Message || deal.State : '',
      Status: checkpoint,
      SealingStatus: sealingStatusOf(deal.State),
      Proposal: deal.Proposal,
      SignedProposalCid: deal.ProposalCid,
      PublishCid: deal.PublishCid,
      ChainDealID: deal.DealID,
    },
    IsOffline: offline,
    TransferSize: deal.Transfer?.Size ?? 0,
    NBytesReceived: checkpoint === 'Accepted' ? parts.bytesReceived(deal) : 0,
  }
}
