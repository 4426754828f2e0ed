/**
 * StorageProvider, the public API of the provider side (go-fil-markets `StorageProvider`): it
 * receives proposals, runs every deal through the provider machine, serves asks and status
 * queries, takes offline imports, and restarts unfinished deals when it starts.
 *
 * @module
 */

import { NamespaceDatastore } from 'datastore-core'
import { type Datastore, Key } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import type { ProviderDataTransfer } from '../adapters/data-transfer.ts'
import type {
  MarketReceiver,
  PeerId as NetworkPeer,
  ProviderDealStream,
  ProviderNetwork,
} from '../adapters/network.ts'
import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import type { PieceCommitmentFunction, PieceDirectory, StagingStore } from '../adapters/staging.ts'
import type { Clock, ErrorListener } from '../fsm/index.ts'
import type {
  Address,
  AskRequest,
  AskResponse,
  DealParams,
  DealResponse,
  DealStatusRequest,
  DealStatusResponse,
  MinerDeal,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
  SignedStorageAsk,
  TokenAmount,
} from '../market/index.ts'
import type { DealFilter } from './decision.ts'
import type { DealDurationLimits } from './entry/proposal-checks.ts'
import type { ProviderLogger } from './environment.ts'
import type { ProviderEvent } from './events.ts'
import type { ImportData } from './import-data.ts'
import { ProviderRuntime } from './provider-runtime.ts'
import type { DealPublisherInit } from './publisher.ts'
import type { ProviderPullTransfer } from './pulls.ts'
import type { AskOptions, StoredAskInit } from './stored-ask.ts'

/** What a provider is built from. */
export interface StorageProviderComponents {
  /** The provider's miner actor. */
  readonly minerAddress: Address
  readonly node: StorageProviderNode
  readonly network: ProviderNetwork
  readonly dataTransfer: ProviderDataTransfer
  /** Where received data waits for the hand-off. */
  readonly staging: StagingStore
  /** Computes piece commitments of received data. */
  readonly pieceCommitment: PieceCommitmentFunction
  /** Deal records go under `/deals/provider`, the ask under `/storage/ask`, mk/1.2 deal UUIDs under `/mk12/deal-uuids`. */
  readonly datastore: Datastore
  readonly clock: Clock
  /** The retrieval index handed-off pieces are recorded in; none by default. */
  readonly pieceDirectory?: PieceDirectory
  /** Failures nothing acts on; silent by default. */
  readonly logger?: ProviderLogger
  /**
   * Pulls the data of mk/1.2 (Boost) online deals from the URLs their clients give (the HTTP pull
   * transfer). Without it, such deals fail when their data is due; offline mk/1.2 deals and
   * mk/1.1 deals do not need it.
   * @default none
   */
  readonly pullTransfer?: ProviderPullTransfer
}

/** Provider options. */
export interface StorageProviderInit {
  /**
   * Decides on proposals that passed validation.
   * @default accept every deal
   */
  readonly dealFilter?: DealFilter
  /**
   * How long a deal interrupted mid-transfer waits for the client to resume, in clock ms.
   * @default 3_600_000 (1 hour)
   */
  readonly awaitTransferRestartTimeoutMs?: number
  /**
   * Clock ms between two checks of the data deadline while deals wait for their data: each check
   * reads the chain head once and fails (ProviderEventDataDeadlinePassed) every deal whose data had
   * not arrived when the chain reached its start epoch. One check serves all deals.
   * @default 30_000 (one mainnet epoch)
   */
  readonly dataDeadlineSweepIntervalMs?: number
  /**
   * Least number of epochs between the chain head and a proposal's start epoch, so the deal can be
   * sealed in time (Lotus' and Boost's StartEpochSealingBuffer).
   * @default 480 (4 hours)
   */
  readonly dealStartBufferEpochs?: number
  /**
   * The deal lengths accepted, in epochs. Shorter limits suit a devnet or the simulated chain's
   * DEVNET_POLICY, where a 180-day deal would take 518,400 epochs.
   * @default { min: 518_400, max: 1_555_200 } (180 to 540 days)
   */
  readonly dealDurationLimits?: DealDurationLimits
  /** Publish batching. */
  readonly publisher?: DealPublisherInit
  /** The ask created when none is stored. */
  readonly ask?: StoredAskInit
}

/** Called after every applied deal event, with the deal as stored. */
export type ProviderSubscriber = (event: ProviderEvent, deal: MinerDeal) => void

/** The provider side of the storage market. */
export interface StorageProvider extends MarketReceiver {
  /** Load the ask, serve the network and data transfers, and restart every unfinished deal. */
  start(options?: AbortOptions): Promise<void>
  /** Stop serving, stop every deal's work and close client streams. Deals resume on the next start. */
  stop(): Promise<void>
  /** A client's proposal: record and open a new deal, or answer a duplicate. Never rejects. */
  handleDealStream(stream: ProviderDealStream): Promise<void>
  /** The signed ask, or none when the request names another miner. */
  handleAskRequest(request: AskRequest, options?: AbortOptions): Promise<AskResponse>
  /** A signed answer about a deal; unknown proposals and bad signatures are answered with StorageDealError. */
  handleDealStatusRequest(request: DealStatusRequest, options?: AbortOptions): Promise<DealStatusResponse>
  /**
   * A Boost client's proposal (mk/1.2.x): refuse a duplicate, or record a new deal and run it
   * through the provider machine; resolves with the DealResponse once the machine has accepted or
   * rejected it.
   */
  handleDealParams(params: DealParams, from: NetworkPeer, options?: AbortOptions): Promise<DealResponse>
  /** A status 1.2.0 query: the deal's checkpoint by UUID, or Boost's error texts. */
  handleMk12DealStatusRequest(
    request: Mk12DealStatusRequest,
    from: NetworkPeer,
    options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse>
  /** Import the payload of an offline deal; rejects when it is not the proposed piece. */
  importDataForDeal(proposalCid: CID, data: ImportData, options?: AbortOptions): Promise<void>
  /** Every deal, finished ones included. */
  listLocalDeals(): Promise<MinerDeal[]>
  /** One deal; DealNotFoundError when unknown. */
  getLocalDeal(proposalCid: CID): Promise<MinerDeal>
  /** Replace the ask (price and verified price per GiB per epoch, duration in epochs). */
  setAsk(
    price: TokenAmount,
    verifiedPrice: TokenAmount,
    duration: number,
    options?: AskOptions,
  ): Promise<SignedStorageAsk>
  /** The current signed ask. */
  getAsk(): SignedStorageAsk | undefined
  /** Run the current step of a deal again (the reference's retry for a deal stuck in Publish). */
  retryDealPublishing(proposalCid: CID): Promise<MinerDeal>
  /** Send every deal waiting for a publish batch now. */
  publishPendingNow(): void
  /** Subscribe to applied deal events; returns the unsubscribe function. */
  subscribe(subscriber: ProviderSubscriber): () => void
  /** Subscribe to failures no caller sees (events a deal could not take, failed restarts). */
  onError(listener: ErrorListener): () => void
}

/** Where the provider keeps its deals inside the given datastore. */
export const PROVIDER_DEALS_NAMESPACE = new Key('/deals/provider')
/** Where the provider keeps its ask inside the given datastore. */
export const PROVIDER_ASK_NAMESPACE = new Key('/storage/ask')
/** Where the provider keeps its index of mk/1.2 deal UUIDs inside the given datastore. */
export const PROVIDER_DEAL_UUIDS_NAMESPACE = new Key('/mk12/deal-uuids')

/**
 * Build a provider. Nothing runs until {@link StorageProvider.start}.
 *
 * @example
 * const provider = createStorageProvider({ minerAddress, node, network, dataTransfer, staging,
 *   pieceCommitment, datastore, clock })
 * await provider.start()
 * provider.subscribe((event, deal) => console.log(event.type, deal.State))
 */
export function createStorageProvider(
  components: StorageProviderComponents,
  init: StorageProviderInit = {},
): StorageProvider {
  return new ProviderRuntime(
    components,
    init,
    new NamespaceDatastore(components.datastore, PROVIDER_DEALS_NAMESPACE),
    new NamespaceDatastore(components.datastore, PROVIDER_ASK_NAMESPACE),
    new NamespaceDatastore(components.datastore, PROVIDER_DEAL_UUIDS_NAMESPACE),
  )
}
