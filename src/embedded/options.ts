/**
 * The embedded market's options and defaults, and the demo's.
 *
 * @module
 */
import type { Datastore } from 'interface-datastore'
import type { VirtualClock } from '../adapters/clock.ts'
import type { DealProtocolFamily } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import type { SealingDelays, SimPolicy } from '../adapters/sim-chain/index.ts'
import type { StorageClientInit } from '../client/index.ts'
import type { TokenAmount } from '../market/index.ts'
import type { DealFilter, StorageProviderInit } from '../provider/index.ts'
import type { EmbeddedChainAccess } from './chain-link.ts'
import type { MarketSummary, ProgressListener } from './reports.ts'

/** Options of {@link createEmbeddedMarket}. Every field is optional. */
export interface EmbeddedMarketInit {
  /**
   * A directory holding everything, so a later run resumes: LevelDB under `DIR/datastore`
   * (namespaces `/chain`, `/client`, `/provider`, `/embedded`), staged data under `DIR/staging`,
   * imported payloads as CAR files under `DIR/cars`. Created when missing.
   * @default everything in memory
   */
  readonly store?: string
  /**
   * The root datastore when no `store` directory is given (staging and payloads then stay in
   * memory, so only deals past the transfer can be resumed from it).
   * @default a new MemoryDatastore
   */
  readonly datastore?: Datastore
  /**
   * The clock of the chain's epochs and of every deal timer. It is moved by {@link EmbeddedMarket.advance}.
   * @default a VirtualClock set to the chain head's time
   */
  readonly clock?: VirtualClock
  /**
   * Seed of the wallet keys of a new store; the same seed gives the same addresses.
   * @default random keys
   */
  readonly seed?: number
  /** Chain parameters on top of DEVNET_POLICY. @default DEVNET_POLICY */
  readonly policy?: Partial<SimPolicy>
  /**
   * How the client's and the provider's nodes reach the simulated chain: `'simulated'` in process,
   * or `'devnet'` through a Lotus chain adapter each, over the Lotus JSON-RPC API (HTTP and
   * WebSocket) of a devnet serving the same chain on 127.0.0.1. Either way {@link EmbeddedMarket.chain}
   * is the simulated chain itself.
   * @default 'simulated'
   */
  readonly chain?: EmbeddedChainAccess
  /**
   * Sealing delays of the simulated miner, in epochs.
   * @default { preCommitDelay: 2, proveCommitDelay: watch confidence + 2 } (so deals are seen Sealing)
   */
  readonly sealing?: Partial<SealingDelays>
  /** Wallet balance of the client at genesis. @default 1_000 FIL */
  readonly clientBalance?: TokenAmount
  /** Wallet balance of the provider's worker (owner of the miner) at genesis. @default 1_000 FIL */
  readonly workerBalance?: TokenAmount
  /**
   * Market escrow deposited for the client and the provider's miner when a new store is created,
   * so deals find funds available (no funding message). Zero makes deals go through funding.
   * @default { client: 10 FIL, provider: 10 FIL }
   */
  readonly escrow?: { readonly client?: TokenAmount; readonly provider?: TokenAmount }
  /**
   * The provider's ask price, attoFIL per GiB per epoch; proposals default to the matching price.
   * @default {@link DEFAULT_EMBEDDED_ASK_PRICE}
   */
  readonly askPrice?: TokenAmount
  /** The provider's deal filter. @default accept every valid deal */
  readonly dealFilter?: DealFilter
  /** Epochs between proposing and a deal's start epoch. @default {@link DEFAULT_DEAL_START_DELAY} */
  readonly dealStartDelayEpochs?: number
  /** Deal length when a proposal names none. @default {@link DEFAULT_DEAL_DURATION} */
  readonly dealDurationEpochs?: number
  /** Epochs moved per step of {@link EmbeddedMarket.runUntil}. @default 1 */
  readonly epochsPerStep?: number
  /** Wall-clock pause after each step of `runUntil`, to watch a run live. @default 0 */
  readonly msPerStep?: number
  /** Message and deal-watch confidence of both nodes, in epochs. @default the nodes' defaults (5/10 and 6) */
  readonly confidence?: { readonly message?: number; readonly watch?: number }
  /** In-memory data transfer settings. */
  readonly transfer?: EmbeddedTransferInit
  /**
   * The protocol family deals are proposed over: `mk/1.1` (go-fil-markets, the client pushes the
   * data) or `mk/1.2` (Boost, the provider pulls the CAR the client serves, in process).
   * @default 'mk/1.1'
   */
  readonly protocolFamily?: DealProtocolFamily
  /** Client options on top of the embedded defaults (acceptance polled every 3 epochs). */
  readonly client?: StorageClientInit
  /** Provider options on top of the embedded defaults (see {@link EmbeddedMarketInit}). */
  readonly provider?: Omit<StorageProviderInit, 'dealFilter'>
  /**
   * Failures nobody awaits: events a deal could not take, provider warnings, a chain epoch that
   * failed. Deal failures themselves show in the deals' states and messages.
   * @default ignored
   */
  readonly onError?: (error: Error) => void
}

/** Data transfer settings of the embedded market. */
export interface EmbeddedTransferInit {
  /**
   * Pace transfers on the market's clock: `bytesPerTick` every `tickMs` (default 1 000 ms, so 30
   * ticks per epoch). Without it, bytes flow as fast as staging takes them.
   */
  readonly pacing?: { readonly bytesPerTick: number; readonly tickMs?: number }
  /**
   * Resume a stalled push on the client side (go-data-transfer's restart of a channel after a
   * disconnect); the deal only hears of the stall once the attempts are used up. `false` passes
   * stalls straight to the deals.
   * @default { attempts: 5, intervalMs: 1_000 }
   */
  readonly autoRestart?: false | { readonly attempts?: number; readonly intervalMs?: number }
}

/** Options of {@link runDemo}. */
export interface DemoOptions extends AbortOptions {
  /** Deals to make. @default 10 */
  readonly deals?: number
  /** Bytes of each generated file. @default 4_096 */
  readonly size?: number
  /** Directory to keep the run in; an unfinished run found there is resumed. @default in memory */
  readonly store?: string
  /** Epochs per step. @default 1 */
  readonly epochsPerStep?: number
  /** Wall-clock pause per step, to watch the run live. @default 0 */
  readonly msPerStep?: number
  /** Seed of the generated files and keys. @default 1 */
  readonly seed?: number
  /** How the nodes reach the chain (see {@link EmbeddedMarketInit.chain}). @default 'simulated' */
  readonly chain?: EmbeddedChainAccess
  /** Called with the progress as the deals move. */
  readonly onProgress?: ProgressListener
}

/** What {@link runDemo} did. */
export interface DemoResult {
  /** True when an unfinished run was found in `store` and finished instead of starting new deals. */
  readonly resumed: boolean
  /**
   * Deals proposed by this call: a new run's, or, when resuming a run stopped while it was still
   * proposing, the ones it had not proposed yet (0 when every deal of the stored run was proposed).
   */
  readonly proposed: number
  /** Epochs the chain moved during this call. */
  readonly epochs: number
  readonly summary: MarketSummary
}

/** Ask price of the embedded provider: 0.0000001 FIL per GiB per epoch. */
export const DEFAULT_EMBEDDED_ASK_PRICE = 100_000_000_000n

/**
 * Epochs from proposal to start: time to transfer, publish (10 epochs of confidence), seal (5)
 * and see the activation with confidence (6), with room to spare.
 */
export const DEFAULT_DEAL_START_DELAY = 60

/** Deal length of the embedded market, within DEVNET_POLICY's bounds. */
export const DEFAULT_DEAL_DURATION = 60
