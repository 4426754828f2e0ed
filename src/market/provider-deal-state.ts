/**
 * What a provider reports about a deal in answer to a deal-status query.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { DealProposal } from './deal-proposal.ts'
import type { DealID } from './epoch.ts'
import type { StorageDealStatus } from './status.ts'

/** The provider's view of a deal (go-fil-markets `storagemarket.ProviderDealState`). */
export interface ProviderDealState {
  /** The provider's status for the deal. */
  readonly State: StorageDealStatus
  /** Last error or status text. */
  readonly Message: string
  /** The unsigned proposal, or null when unknown. */
  readonly Proposal: DealProposal | null
  /** The proposal CID, or null. */
  readonly ProposalCid: CID | null
  /** The provider's add-funds message, or null. */
  readonly AddFundsCid: CID | null
  /** The publish message, or null. */
  readonly PublishCid: CID | null
  /** On-chain deal ID, 0 before publishing. */
  readonly DealID: DealID
  /** Whether an unsealed copy is kept for fast retrieval. */
  readonly FastRetrieval: boolean
}
