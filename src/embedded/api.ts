/**
 * The embedded market's contract: what it offers and what its calls take. Options are in
 * `options.ts`, progress and summary shapes in `reports.ts`; the implementation is in `market.ts`.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { ClientNode, ProviderNode } from '../adapters/chain-node/index.ts'
import type { VirtualClock } from '../adapters/clock.ts'
import type { InProcessNetwork, InProcessPullHub } from '../adapters/in-process/index.ts'
import type { MemoryTransferHub } from '../adapters/memory-transfer/index.ts'
import type { AbortOptions, StorageProviderInfo } from '../adapters/node.ts'
import type { SimChain } from '../adapters/sim-chain/index.ts'
import type { StorageClient } from '../client/index.ts'
import type { Address, PaddedPieceSize, TokenAmount } from '../market/index.ts'
import type { StorageProvider } from '../provider/index.ts'
import type { DealProgress, MarketSummary, ProgressListener } from './reports.ts'

export * from './options.ts'
export * from './reports.ts'

/** A payload imported into the client: its CAR is served to the provider by root. */
export interface ImportedPayload {
  /** Root of the payload DAG (the deal's DataRef.Root). */
  readonly root: CID
  /** Piece CID of the payload's CAR. */
  readonly pieceCid: CID
  /** Padded piece size of the CAR. */
  readonly pieceSize: PaddedPieceSize
  /** Bytes of the CAR (what is transferred). */
  readonly carSize: number
  /** Bytes of the imported data. */
  readonly dataSize: number
}

/** What {@link EmbeddedMarket.proposeDeal} proposes. */
export interface EmbeddedDealParams {
  /** The payload: an import's result, or the root of a payload imported earlier. */
  readonly data: ImportedPayload | CID
  /** Deal length. @default the market's `dealDurationEpochs` */
  readonly durationEpochs?: number
  /** Epochs from now to the start epoch. @default the market's `dealStartDelayEpochs` */
  readonly startDelayEpochs?: number
  /** Price per epoch for the whole piece, attoFIL. @default the provider's ask for this piece size */
  readonly price?: TokenAmount
  /** Ask the provider to keep an unsealed copy. @default false */
  readonly fastRetrieval?: boolean
  /**
   * An offline deal: nothing is transferred; the provider waits for
   * {@link EmbeddedMarket.importOfflineData}. @default false
   */
  readonly manual?: boolean
}

/** Options of {@link EmbeddedMarket.runUntil}. */
export interface RunOptions extends AbortOptions {
  /** Most epochs to move before giving up with EmbeddedTimeoutError. @default 10_000 */
  readonly maxEpochs?: number
}

/** The devnet the nodes of an embedded market reach the chain through. */
export interface EmbeddedLotusEndpoint {
  /** The HTTP endpoint, e.g. `http://127.0.0.1:40123/rpc/v1`. */
  readonly url: string
  /** Requests served, by JSON-RPC method name (`Filecoin.ChainHead`, `Devnet.HandOff`, ...). */
  readonly calls: ReadonlyMap<string, number>
}

/** The addresses of the embedded market's actors. */
export interface EmbeddedAddresses {
  /** The client's key address (pays for deals). */
  readonly client: Address
  /** The worker key address, owner and worker of the miner. */
  readonly worker: Address
  /** The provider's miner actor (ID address). */
  readonly miner: Address
}

/**
 * A simulated chain, a storage provider and a storage client in one process, on one clock.
 * Nothing moves on its own: {@link EmbeddedMarket.advance} and {@link EmbeddedMarket.runUntil}
 * move the chain and the clock, and let the deals react.
 */
export interface EmbeddedMarket {
  readonly chain: SimChain
  readonly clock: VirtualClock
  readonly network: InProcessNetwork
  /** The data-transfer hub (tests stall, cancel or inject faults through it). */
  readonly transfers: MemoryTransferHub
  /** The pulls of mk/1.2 deals: the CARs the client serves (tests inject pull faults through it). */
  readonly pulls: InProcessPullHub
  /** The running client (a new object after {@link EmbeddedMarket.startClient}). */
  readonly client: StorageClient
  /** The running provider (a new object after {@link EmbeddedMarket.startProvider}). */
  readonly provider: StorageProvider
  readonly clientNode: ClientNode
  readonly providerNode: ProviderNode
  readonly addresses: EmbeddedAddresses
  /** The provider as the client sees it. */
  readonly providerInfo: StorageProviderInfo
  /**
   * Where the nodes reach the chain over Lotus JSON-RPC (`chain` other than `'simulated'`): the
   * devnet's HTTP endpoint and the calls it served so far, by JSON-RPC method name; undefined when
   * the nodes call the chain in process.
   */
  readonly lotus: EmbeddedLotusEndpoint | undefined
  /** True when opened on a store that already held a market. */
  readonly resumed: boolean
  /** The chain head. */
  readonly epoch: number
  /** Start the provider, then the client; unfinished deals restart. Resolves once they settled. */
  start(): Promise<void>
  /** Stop the client and provider, close the chain and the store. */
  stop(): Promise<void>
  /** Stop the client only, as if its process died; deals stay stored. */
  stopClient(): Promise<void>
  /** Start a new client (and client node) on the same datastore and network; its deals restart. */
  startClient(): Promise<void>
  /** Stop the provider only, as if its process died; deals stay stored. */
  stopProvider(): Promise<void>
  /** Start a new provider (and provider node) on the same datastore, staging and network. */
  startProvider(): Promise<void>
  /** Import bytes, or the file at a path, as a payload CAR and serve it to the provider. */
  importData(data: Uint8Array | string, options?: AbortOptions): Promise<ImportedPayload>
  /** Propose a deal to the embedded provider; resolves with its proposal CID. */
  proposeDeal(params: EmbeddedDealParams, options?: AbortOptions): Promise<CID>
  /** Hand the payload of an offline deal to the provider (its operator's import). */
  importOfflineData(proposalCid: CID, options?: AbortOptions): Promise<void>
  /** Move the chain and the clock `epochs` epochs, one step at a time, letting deals react. */
  advance(epochs?: number): Promise<void>
  /** Wait until the deals, the chain and the stores are quiet, without moving time. */
  settle(): Promise<void>
  /**
   * Advance until `predicate` holds (default: every deal finished). Rejects with
   * EmbeddedTimeoutError, naming the deals not finished and their states, after `maxEpochs`.
   */
  runUntil(predicate?: (progress: DealProgress) => boolean, options?: RunOptions): Promise<DealProgress>
  /** Where every deal stands now. */
  progress(): DealProgress
  /** Subscribe to progress; returns the unsubscribe function. */
  onProgress(listener: ProgressListener): () => void
  /** Every deal's outcome and every actor's funds. */
  summary(options?: AbortOptions): Promise<MarketSummary>
}
