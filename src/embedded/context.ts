/**
 * What the pieces of an embedded market share once it is open.
 *
 * @module
 */
import type { VirtualClock } from '../adapters/clock.ts'
import type { InProcessNetwork, InProcessPullHub } from '../adapters/in-process/index.ts'
import type { MemoryTransferHub } from '../adapters/memory-transfer/index.ts'
import type { SimChain, SimPolicy } from '../adapters/sim-chain/index.ts'
import type { Activity } from './activity.ts'
import type { EmbeddedAddresses, EmbeddedMarketInit } from './api.ts'
import type { ChainLink } from './chain-link.ts'
import type { Identity } from './identity.ts'
import type { DealTracker } from './progress.ts'
import type { MarketStorage } from './storage.ts'
import type { EmbeddedTransfers } from './transfers.ts'

/** The shared parts of an open embedded market. */
export interface MarketContext {
  readonly init: EmbeddedMarketInit
  readonly policy: SimPolicy
  /** Clock time of one epoch. */
  readonly epochMs: number
  readonly storage: MarketStorage
  readonly chain: SimChain
  /** How the nodes reach {@link chain}. */
  readonly link: ChainLink
  readonly clock: VirtualClock
  readonly network: InProcessNetwork
  readonly hub: MemoryTransferHub
  /** The pulls of mk/1.2 deals (the provider fetches the CARs the client serves). */
  readonly pulls: InProcessPullHub
  readonly transfers: EmbeddedTransfers
  readonly identity: Identity
  readonly addresses: EmbeddedAddresses
  readonly activity: Activity
  readonly tracker: DealTracker
  /** A deal event was applied on either side. */
  readonly onDealEvent: () => void
  /** A failure nobody awaits. */
  readonly onError: (error: Error) => void
  /** True when the store already held a market. */
  readonly resumed: boolean
}
