/**
 * The simulated chain's moving parts and how an epoch is applied: execute the pooled messages and
 * market cron, record the tipset, check the invariants, let the sealing miners act (their messages
 * go into the next epoch), save, wake StateWaitMsg callers and notify ChainNotify subscribers, in
 * that order.
 *
 * @module
 */
import type { Datastore } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import { ChainClosedError, TipSetNotFoundError } from '../../errors.ts'
import type { Network } from '../../market/index.ts'
import type { ChainMessage, HeadChange, MessageSendSpec, MsgLookup, SignedMessage, TipSet } from '../chain.ts'
import type { PackingResult } from '../node.ts'
import { totalBalance } from './accounts.ts'
import type { ExecutionContext } from './context.ts'
import { FaultPlan } from './faults.ts'
import { genesisState, type SimGenesis } from './genesis.ts'
import { HeadNotifier, yieldToEventLoop } from './head-notifier.ts'
import { ChainHistory, makeTipSet } from './history.ts'
import { checkInvariants } from './invariants.ts'
import { type MessageEntry, MessagePool } from './message-pool.ts'
import { ChainStore } from './persistence.ts'
import type { SimPolicy } from './policy.ts'
import { runEpoch } from './run-epoch.ts'
import { type SealingDelays, SealingPipeline, type SectorJob } from './sealing.ts'
import type { ChainState } from './state.ts'
import { MessageWaiters } from './waiters.ts'

/** What a snapshot holds: enough to carry on from the saved head. */
interface Snapshot {
  readonly network: Network
  readonly totalSupply: bigint
  readonly fork: number
  readonly genesisTimestamp: number
  readonly head: TipSet
  readonly state: ChainState
  readonly pending: readonly string[]
  readonly jobs: readonly SectorJob[]
  readonly nextSector: ReadonlyMap<bigint, bigint>
}

interface EngineInit {
  readonly genesis: SimGenesis
  readonly network?: Network
  readonly sealing?: Partial<SealingDelays>
  readonly genesisTimestamp?: number
  readonly persistPrefix?: string
}

/** The simulated chain's state machine; {@link SimChain} is its public face. */
export class EpochEngine {
  readonly notifier = new HeadNotifier()
  readonly waiters = new MessageWaiters()
  readonly faults = new FaultPlan()
  readonly pool = new MessagePool()
  readonly history: ChainHistory
  readonly sealing: SealingPipeline
  state: ChainState
  head: TipSet
  #fork: number
  #closed = false
  /** The save waiting for the one being written, which later saves join. */
  #nextSave: Promise<void> | undefined
  /** Settles (never rejects) when the save being written is done. */
  #writing: Promise<void> | undefined

  private constructor(
    readonly policy: SimPolicy,
    readonly network: Network,
    readonly totalSupply: bigint,
    readonly genesisTimestamp: number,
    private readonly store: ChainStore<Snapshot, MessageEntry> | undefined,
    snapshot: Omit<Snapshot, 'network' | 'totalSupply' | 'genesisTimestamp'>,
    messages: readonly MessageEntry[],
    delays: SealingDelays,
  ) {
    this.state = snapshot.state
    this.head = snapshot.head
    this.#fork = snapshot.fork
    this.history = new ChainHistory(Math.max(1, policy.historyLength))
    this.history.push(this.head, this.state)
    this.pool.restore(messages, snapshot.pending, this.head.height)
    this.sealing = new SealingPipeline(delays)
    this.sealing.jobs = [...snapshot.jobs]
    for (const [miner, next] of snapshot.nextSector) this.sealing.nextSector.set(miner, next)
  }

  /** Loads the snapshot from `datastore` if there is one, else starts from genesis. */
  static async open(
    datastore: Datastore | undefined,
    init: EngineInit,
    policy: SimPolicy,
  ): Promise<EpochEngine> {
    const store =
      datastore === undefined
        ? undefined
        : new ChainStore<Snapshot, MessageEntry>(datastore, init.persistPrefix ?? '/sim-chain')
    const delays = { preCommitDelay: 2, proveCommitDelay: 3, ...init.sealing }
    const saved = await store?.load()
    if (saved !== undefined) {
      const { snapshot } = saved
      const { network, totalSupply, genesisTimestamp } = snapshot
      return new EpochEngine(
        policy,
        network,
        totalSupply,
        genesisTimestamp,
        store,
        snapshot,
        saved.messages,
        delays,
      )
    }
    const state = genesisState(init.genesis)
    const genesisTimestamp = init.genesisTimestamp ?? 0
    const head = makeTipSet(0, [], 0, genesisTimestamp)
    const fresh = { fork: 0, head, state, pending: [], jobs: [], nextSector: new Map() }
    const network = init.network ?? 'mainnet'
    const engine = new EpochEngine(
      policy,
      network,
      totalBalance(state),
      genesisTimestamp,
      store,
      fresh,
      [],
      delays,
    )
    await engine.#save()
    return engine
  }

  /** Throws ChainClosedError once closed. */
  assertOpen(): void {
    if (this.#closed) throw new ChainClosedError()
  }

  /** The execution environment at `epoch`. */
  context(epoch: number): ExecutionContext {
    return { epoch, policy: this.policy, network: this.network, totalSupply: this.totalSupply }
  }

  /** Where the message executed on the current chain, if it did. */
  lookup(cid: CID): MsgLookup | undefined {
    const entry = this.pool.get(cid)
    const done = entry?.execution
    if (entry === undefined || done === undefined) return undefined
    return {
      message: entry.cid,
      receipt: done.receipt,
      returnDec: done.returnDec,
      tipSet: done.tipSet,
      height: done.height,
    }
  }

  /** Queues a message and saves the pool. */
  async push(message: ChainMessage, spec?: MessageSendSpec): Promise<SignedMessage> {
    const signed = this.pool.push(this.state, message, this.policy.messageFee, spec)
    await this.#save(true)
    return signed
  }

  /** Packs a deal into a sector of miner `id` and saves the sealing state. */
  async handOff(id: bigint, dealId: bigint): Promise<PackingResult> {
    const result = this.sealing.handOff(this.state, id, dealId, this.head.height)
    await this.#save(true)
    return result
  }

  /**
   * Applies one epoch and announces it. `persist` false skips the snapshot: a multi-epoch advance
   * saves only after its last epoch, because resuming needs only the latest state and writing
   * every intermediate one would dominate a long fast-forward.
   */
  async advance(persist = true): Promise<void> {
    const tipSet = this.#apply()
    await this.#announce([{ type: 'apply', tipSet }], persist)
  }

  /** Reverts `depth` tipsets, re-applies as many, and announces both in one batch. */
  async reorg(depth: number): Promise<void> {
    if (!Number.isInteger(depth) || depth < 1)
      throw new RangeError(`reorg depth must be at least 1: ${depth}`)
    const base = this.head.height - depth
    if (base < this.history.oldestHeight)
      throw new TipSetNotFoundError(`cannot revert below height ${this.history.oldestHeight}`)
    const baseState = this.history.stateAt(base)
    const reverted = this.history.truncateAbove(base)
    this.head = this.history.tipSetAt(base) as TipSet
    this.state = baseState
    this.pool.revertAbove(base)
    this.#fork++
    const changes: HeadChange[] = reverted.map((tipSet) => ({ type: 'revert', tipSet }))
    for (let i = 0; i < depth; i++) changes.push({ type: 'apply', tipSet: this.#apply() })
    await this.#announce(changes)
  }

  /** Ends subscriptions and waits; later calls fail with ChainClosedError. */
  async close(): Promise<void> {
    this.#closed = true
    this.notifier.closeAll()
    this.waiters.rejectAll(new ChainClosedError())
    await this.#save().catch(() => undefined)
  }

  #apply(): TipSet {
    const height = this.head.height + 1
    const timestamp = this.genesisTimestamp + height * this.policy.epochDurationSeconds
    const tipSet = makeTipSet(height, this.head.key, this.#fork, timestamp)
    this.state = runEpoch(this.state, this.context(height), tipSet.key, this.pool, this.faults)
    this.head = tipSet
    this.history.push(tipSet, this.state)
    checkInvariants(this.state, this.totalSupply)
    this.sealing.step(
      {
        state: this.state,
        network: this.network,
        push: (message) => this.pool.push(this.state, message, this.policy.messageFee),
        execution: (cid) => this.pool.byKey(cid)?.execution,
      },
      height,
    )
    return tipSet
  }

  async #announce(changes: readonly HeadChange[], persist = true): Promise<void> {
    if (persist) await this.#save()
    this.waiters.check(this.head.height, (cid) => this.lookup(cid))
    this.notifier.publish(changes)
    await yieldToEventLoop()
  }

  /**
   * Saves the chain: at once when no save is being written; else saves asked for meanwhile share
   * one snapshot, taken once that write is done (so it holds every change made before each
   * call): a thousand hand-offs or pushes in one epoch cost a few snapshots of the whole state,
   * not a thousand.
   */
  #save(burst = false): Promise<void> {
    const store = this.store
    if (store === undefined) return Promise.resolve()
    if (this.#nextSave !== undefined) return this.#nextSave
    // With no write in progress, a push or hand-off (`burst`) still waits for the current turn of
    // the event loop to end, so that those of one burst share the snapshot: otherwise each deal
    // reacting on its own turn would write a snapshot of the whole state (N deals × N snapshots).
    if (this.#writing === undefined && !burst) return this.#write(store)
    const next = (this.#writing ?? yieldToEventLoop()).then(() => {
      this.#nextSave = undefined
      return this.#write(store)
    })
    this.#nextSave = next
    return next
  }

  #write(store: ChainStore<Snapshot, MessageEntry>): Promise<void> {
    const write = store.save(this.#snapshot(), this.pool.takeChanged())
    const done: Promise<void> = write.then(
      () => {
        if (this.#writing === done) this.#writing = undefined
      },
      () => {
        if (this.#writing === done) this.#writing = undefined
      },
    )
    this.#writing = done
    return write
  }

  #snapshot(): Snapshot {
    const snapshot: Snapshot = {
      network: this.network,
      totalSupply: this.totalSupply,
      fork: this.#fork,
      genesisTimestamp: this.genesisTimestamp,
      head: this.head,
      state: this.state,
      pending: this.pool.pending().map((entry) => entry.cid.toString()),
      jobs: this.sealing.jobs,
      nextSector: this.sealing.nextSector,
    }
    return snapshot
  }
}
