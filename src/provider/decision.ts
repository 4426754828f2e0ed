/**
 * The deal decision hook ("deal filter"): provider policy that runs after a proposal passed
 * validation and before the client is told it is accepted (go-fil-markets' custom deal decision
 * logic, Lotus' and Boost's deal filters).
 *
 * @module
 */

import type { AbortOptions } from '../adapters/node.ts'
import type { Address, MinerDeal, StorageAsk } from '../market/index.ts'

/** Accept the deal, or refuse it with a reason the client will read. */
export type DealDecision = { readonly accept: true } | { readonly accept: false; readonly reason: string }

/** What the provider looks like when a deal is decided on. */
export interface ProviderSnapshot {
  /** The provider's miner actor. */
  readonly address: Address
  /** The current ask, if any. */
  readonly ask: StorageAsk | undefined
  /** Deals in progress: neither final nor parked in Active. */
  readonly dealsInProgress: number
  /** Deals waiting in the publisher's queue. */
  readonly dealsAwaitingPublish: number
}

/**
 * Decides on a validated proposal. A rejection (or a thrown error) sends the deal to Rejecting
 * with the reason as its Message; the reason is used as plain text, never as a format string.
 *
 * @example
 * const smallDealsOnly: DealFilter = (deal) =>
 *   deal.Proposal.PieceSize <= 1 << 30 ? { accept: true } : { accept: false, reason: 'pieces up to 1 GiB only' }
 */
export type DealFilter = (
  deal: MinerDeal,
  provider: ProviderSnapshot,
  options: AbortOptions,
) => DealDecision | Promise<DealDecision>

/** The default filter: accept every deal that passed validation (the reference's behaviour). */
export const acceptAllDeals: DealFilter = () => ({ accept: true })
