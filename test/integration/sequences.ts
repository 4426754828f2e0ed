import { REFERENCE_ONLINE_PROVIDER_STATES } from '../fixtures/reference-sequences.ts'

/** The state sequences of an online deal through the embedded market, side by side with the reference's. */

/**
 * The reference's client sequence has StorageDealSealing between AwaitingPreCommit and Active. The
 * default client node cannot see a pre-commit (it knows no sector to look at, differences.md A3),
 * so it reports the deal once active and the client goes from AwaitingPreCommit to Active.
 */
export const ONLINE_CLIENT_STATES = [
  'StorageDealReserveClientFunds',
  'StorageDealFundsReserved',
  'StorageDealStartDataTransfer',
  'StorageDealTransferQueued',
  'StorageDealTransferring',
  'StorageDealCheckForAcceptance',
  'StorageDealProposalAccepted',
  'StorageDealAwaitingPreCommit',
  'StorageDealActive',
  'StorageDealExpired',
]

/** Exactly the reference's provider sequence. */
export const ONLINE_PROVIDER_STATES = REFERENCE_ONLINE_PROVIDER_STATES

/**
 * A Boost (mk/1.2) online deal on the client: nothing is pushed, so StartDataTransfer goes straight
 * to CheckForAcceptance, where the status checkpoints show the provider's pull.
 */
export const MK12_ONLINE_CLIENT_STATES = [
  'StorageDealReserveClientFunds',
  'StorageDealFundsReserved',
  'StorageDealStartDataTransfer',
  'StorageDealCheckForAcceptance',
  'StorageDealProposalAccepted',
  'StorageDealAwaitingPreCommit',
  'StorageDealActive',
  'StorageDealExpired',
]
