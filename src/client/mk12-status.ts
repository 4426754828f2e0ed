/**
 * Reading a Boost status answer (`/fil/storage/status/1.2.0`) as the provider deal state the client
 * machine polls for: each checkpoint stands for the go-fil-markets provider state with the same
 * meaning, so CheckForDealAcceptance decides the same way on both protocol families.
 *
 * @module
 */

import { ProviderQueryFailedError } from '../errors.ts'
import {
  isDealCheckpoint,
  type Mk12DealStatusResponse,
  type ProviderDealState,
  type StorageDealStatus,
} from '../market/index.ts'

/**
 * The provider state a checkpoint stands for while the deal is healthy (`Complete` is handled
 * apart: Boost reaches it only on failure). Accepted online with bytes arriving is Transferring.
 */
export const CHECKPOINT_PROVIDER_STATES = {
  Accepted: 'StorageDealWaitingForData',
  Transferred: 'StorageDealPublish',
  Published: 'StorageDealPublishing',
  PublishConfirmed: 'StorageDealStaged',
  AddedPiece: 'StorageDealAwaitingPreCommit',
  IndexedAndAnnounced: 'StorageDealAwaitingPreCommit',
  Complete: 'StorageDealError',
} as const satisfies Record<string, StorageDealStatus>

/**
 * The go-fil-markets provider state a Boost status answer stands for (boost-mk12.md §8):
 * - a failed query (`Error` set, no `DealStatus`) throws {@link ProviderQueryFailedError}: the
 *   acceptance poll counts it as a poll error and asks again;
 * - `Complete` with an error → StorageDealError (the deal failed: the client fails it with the
 *   provider's reason); `Complete` without one → StorageDealExpired (Boost's CLI shows "Expired");
 * - `Accepted` → StorageDealTransferring while bytes arrive, else StorageDealWaitingForData;
 * - the later checkpoints as {@link CHECKPOINT_PROVIDER_STATES}: from PublishConfirmed on, the
 *   deal is on chain with its deal ID, which the client takes as accepted;
 * - a checkpoint name this library does not know → StorageDealUnknown (poll again).
 *
 * A paused deal (an `Error` before `Complete`) keeps its checkpoint's state: Boost may resume it.
 */
export function providerStateFromMk12(response: Mk12DealStatusResponse): ProviderDealState {
  const status = response.DealStatus
  if (status === null) throw new ProviderQueryFailedError(response.Error || 'no deal status in the answer')
  let state: StorageDealStatus
  if (!isDealCheckpoint(status.Status)) state = 'StorageDealUnknown'
  else if (status.Status === 'Complete')
    state = status.Error === '' ? 'StorageDealExpired' : 'StorageDealError'
  else if (status.Status === 'Accepted' && !response.IsOffline && response.NBytesReceived > 0)
    state = 'StorageDealTransferring'
  else state = CHECKPOINT_PROVIDER_STATES[status.Status]
  return {
    State: state,
    Message: status.Error,
    Proposal: status.Proposal,
    ProposalCid: status.SignedProposalCid,
    AddFundsCid: null,
    PublishCid: status.PublishCid,
    DealID: status.ChainDealID,
    FastRetrieval: false,
  }
}
