/**
 * The StorageClient contracts: what it is built from, its options and its methods.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { Clock } from '../adapters/clock.ts'
import type { ClientDataTransfer } from '../adapters/data-transfer.ts'
import type { Datastore } from '../adapters/datastore.ts'
import type { ClientNetwork } from '../adapters/network.ts'
import type { AbortOptions, StorageClientNode, StorageProviderInfo } from '../adapters/node.ts'
import type { ErrorListener } from '../fsm/index.ts'
import type { ClientDeal, ProviderDealState, StorageAsk } from '../market/index.ts'
import type { ClientEnvironmentInit } from './environment.ts'
import type { ClientEvent } from './events.ts'
import type { ProposeStorageDealParams, ProposeStorageDealResult } from './proposal.ts'
import type { ClientTransferRegistry } from './transfer-registry.ts'

/** Something with a lifecycle: `start` before use, `stop` to release what it holds. */
export interface Startable {
  /** Begin work (for a client: restart unfinished deals, follow transfers). */
  start(): Promise<void>
  /** Stop work; running entry functions are aborted, deals stay stored. */
  stop(): Promise<void>
}

/** What a StorageClient is built from. */
export interface StorageClientComponents {
  /** The client's chain and wallet node. */
  readonly node: StorageClientNode
  /** The deal, ask and status protocols. */
  readonly network: ClientNetwork
  /** The push transfers of deal payloads. */
  readonly dataTransfer: ClientDataTransfer
  /** Where client deals are kept, one key per proposal CID; give the client its own namespace. */
  readonly datastore: Datastore
  /** Time for polling and deal-stage timestamps. */
  readonly clock: Clock
  /**
   * Serves the payloads providers pull for mk/1.2 (Boost) online deals; without it such deals
   * are proposed over mk/1.1 when the provider speaks it.
   * @default none
   */
  readonly transferRegistry?: ClientTransferRegistry
}

/** Options of a StorageClient: `pollingIntervalMs`, `acceptanceGraceEpochs`, `cleanBlockstore`. */
export interface StorageClientInit extends ClientEnvironmentInit {}

/** Receives every applied event with the deal after it, once the deal is persisted. */
export type ClientSubscriber = (event: ClientEvent, deal: ClientDeal) => void

/** The client side of storage deals. */
export interface StorageClient extends Startable {
  /** Time between two acceptance polls, in ms. */
  readonly pollingIntervalMs: number
  /**
   * Propose a deal: sign it, record it and start its lifecycle. Resolves with its proposal CID.
   * Once `options.signal` aborts, the call rejects with `AbortError` without waiting for any call
   * still pending (the datastore's included); a record written by then is opened at the next start.
   */
  proposeStorageDeal(
    params: ProposeStorageDealParams,
    options?: AbortOptions,
  ): Promise<ProposeStorageDealResult>
  /** Every deal this client has, finished ones included. */
  listLocalDeals(): Promise<ClientDeal[]>
  /** One deal; rejects with `DealNotFoundError` when unknown. */
  getLocalDeal(proposalCid: CID): Promise<ClientDeal>
  /** The provider's ask, checked against its worker's signature. */
  getAsk(provider: StorageProviderInfo, options?: AbortOptions): Promise<StorageAsk>
  /**
   * The provider's state of one of this client's deals: signed (mk/1.1), or read from Boost's
   * status checkpoints (mk/1.2 deals).
   */
  getProviderDealState(proposalCid: CID, options?: AbortOptions): Promise<ProviderDealState>
  /** Subscribe to deal events; returns the unsubscribe function. */
  subscribe(subscriber: ClientSubscriber): () => void
  /** Subscribe to failures nobody awaits (dropped events, failed restarts, subscriber errors). */
  onError(listener: ErrorListener): () => void
}
