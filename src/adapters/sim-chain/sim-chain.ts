/**
 * The simulated chain: the embedded default implementation of the chain contract. It runs the
 * storage market and miner actors on a virtual epoch clock, advanced by hand or at a chosen speed
 * on the injected Clock, and can persist itself to a Datastore so a demo can be resumed.
 *
 * @module
 */
import type { Datastore } from 'interface-datastore'
import { ActorNotFoundError, ChainClosedError } from '../../errors.ts'
import type { Address, Network, Signer } from '../../market/index.ts'
import type { MessageKind, SignedMessage } from '../chain.ts'
import type { Sealer } from '../chain-node/sealer.ts'
import { type Clock, realClock, type TimerId } from '../clock.ts'
import type { AbortOptions } from '../node.ts'
import { resolveId } from './accounts.ts'
import { SimChainApi } from './chain-api.ts'
import { EpochEngine } from './epoch-engine.ts'
import type { SimGenesis } from './genesis.ts'
import { MAINNET_POLICY, type SimPolicy } from './policy.ts'
import type { SealingDelays, SectorJob } from './sealing.ts'

/** What the simulated chain uses from its host. */
export interface SimChainComponents {
  /** Drives {@link SimChain.run}. @default the wall clock */
  readonly clock?: Clock
  /**
   * Where the chain saves itself after every epoch (after the last one of a multi-epoch
   * {@link SimChain.advance}) and every pushed message, and loads itself from on open.
   */
  readonly datastore?: Datastore
  /** Keys of the simulated full node's wallet, for walletSign. */
  readonly wallet?: Signer
}

/** Options of {@link openSimChain}. */
export interface SimChainInit {
  /** Accounts and miners at epoch 0 (ignored when a snapshot is loaded). */
  readonly genesis: SimGenesis
  /** Network of the addresses the chain writes. @default 'mainnet' */
  readonly network?: Network
  /** Network parameters. @default MAINNET_POLICY */
  readonly policy?: Partial<SimPolicy>
  /** Sealing delays of the simulated miners. @default { preCommitDelay: 2, proveCommitDelay: 3 } */
  readonly sealing?: Partial<SealingDelays>
  /** Unix time of epoch 0, in seconds. @default 0 */
  readonly genesisTimestamp?: number
  /** Datastore key prefix of the chain's records. @default '/sim-chain' */
  readonly persistPrefix?: string
  /** Called when an epoch fails while running on the clock; the chain pauses. */
  readonly onError?: (error: Error) => void
}

/**
 * Opens a simulated chain: from the datastore's snapshot when there is one, else from genesis.
 *
 * @example
 * const chain = await openSimChain({ clock }, { genesis: { accounts: [{ address, balance: 10n ** 21n }] } })
 * await chain.advance(10)
 */
export async function openSimChain(components: SimChainComponents, init: SimChainInit): Promise<SimChain> {
  const policy = { ...MAINNET_POLICY, ...init.policy }
  const engine = await EpochEngine.open(components.datastore, init, policy)
  return new SimChain(engine, components, init)
}

/** A simulated Filecoin chain implementing the chain contract, with controls for tests and demos. */
export class SimChain extends SimChainApi {
  readonly #clock: Clock
  readonly #onError: ((error: Error) => void) | undefined
  #timer: TimerId | undefined
  #msPerEpoch: number | undefined
  #lock: Promise<unknown> = Promise.resolve()

  /** Use {@link openSimChain}. */
  constructor(engine: EpochEngine, components: SimChainComponents, init: SimChainInit) {
    super(engine, components.wallet)
    this.#clock = components.clock ?? realClock
    this.#onError = init.onError
  }

  /** The FIL in existence, constant for the life of the chain. */
  get totalSupply(): bigint {
    return this.engine.totalSupply
  }

  /** Open ChainNotify subscriptions. */
  get headSubscriptions(): number {
    return this.engine.notifier.count
  }

  /** True while {@link run} drives the chain. */
  get running(): boolean {
    return this.#msPerEpoch !== undefined
  }

  /**
   * Applies `epochs` new tipsets, one at a time, letting subscribers handle each before the next.
   * Resolves once the last one is saved and announced.
   */
  advance(epochs = 1): Promise<void> {
    if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`cannot advance by ${epochs} epochs`)
    return this.#exclusive(async () => {
      for (let i = 0; i < epochs; i++) await this.engine.advance(i === epochs - 1)
    })
  }

  /** Reverts the last `depth` tipsets and applies as many new ones; their messages run again. */
  reorg(depth = 1): Promise<void> {
    return this.#exclusive(() => this.engine.reorg(depth))
  }

  /** Applies one epoch every `msPerEpoch` ms of the injected clock until {@link pause}. */
  run(msPerEpoch: number): void {
    if (!(msPerEpoch > 0)) throw new RangeError(`msPerEpoch must be positive: ${msPerEpoch}`)
    this.pause()
    this.engine.assertOpen()
    this.#msPerEpoch = msPerEpoch
    this.#schedule()
  }

  /** Stops {@link run}; `advance` still works. */
  pause(): void {
    this.#msPerEpoch = undefined
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  /** Makes the next `count` messages of `kind` fail with `exitCode`. */
  failNext(kind: MessageKind, exitCode: number, count = 1): void {
    this.engine.faults.failNext(kind, exitCode, count)
  }

  /** Sends TerminateSectors for one proven sector from the miner's worker; its unfinished deals are slashed. */
  async terminateSector(
    miner: Address,
    sectorNumber: bigint,
    options?: AbortOptions,
  ): Promise<SignedMessage> {
    const info = await this.stateMinerInfo(miner, [], options)
    const params = { sectorNumbers: [sectorNumber] }
    return this.mpoolPushMessage({
      kind: 'TerminateSectors',
      from: info.worker,
      to: miner,
      value: 0n,
      params,
    })
  }

  /** The sealing miner of a miner actor: hands deals to its sectors. */
  sealer(miner: Address): Sealer {
    return {
      handOff: async (piece, options) => {
        this.check(options)
        const id = resolveId(this.engine.state, miner)
        if (id === undefined || !this.engine.state.miners.has(id)) {
          throw new ActorNotFoundError(miner.toString())
        }
        return this.engine.handOff(id, piece.dealId)
      },
    }
  }

  /** Sectors being sealed or sealed, oldest first, for inspection. */
  sectorJobs(): readonly SectorJob[] {
    return this.engine.sealing.jobs
  }

  /** Stops running, ends subscriptions and waits, and finishes the last snapshot write. */
  async close(): Promise<void> {
    this.pause()
    await this.#exclusive(() => this.engine.close())
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(() => {
      this.engine.assertOpen()
      return fn()
    })
    this.#lock = run.catch(() => undefined)
    return run
  }

  #schedule(): void {
    const ms = this.#msPerEpoch
    if (ms === undefined) return
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      this.advance(1).then(
        () => this.#schedule(),
        (error: unknown) => {
          this.pause()
          if (error instanceof ChainClosedError) return
          this.#onError?.(error instanceof Error ? error : new Error(String(error)))
        },
      )
    }, ms)
  }
}
