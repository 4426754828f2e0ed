/**
 * One head-change subscription per node, shared by every deal the node watches. Each registered
 * check runs once when it is registered and then once per new head, reading chain state at that
 * head; a check that has called its deal back is dropped. There are no per-deal timers and no
 * per-deal subscriptions. The subscription opens with the first registration and closes with the
 * last.
 *
 * The subscription is watched by one timer per node, once per block time on the node's clock: when
 * no head came through it during a block time, the watcher reads the head itself (so a hung or
 * failed subscription never stops the watches), and a subscription that failed, ended or has
 * delivered nothing for `stallEpochs` block times is aborted and opened again. Only a chain that
 * is closed for good (ERR_CHAIN_CLOSED) ends the watches, each told through its callback.
 *
 * @module
 */
import { AbortError, AdapterError, ChainClosedError } from '../../errors.ts'
import type { ChainAdapter, HeadChange, TipSet } from '../chain.ts'
import { type Clock, realClock, type TimerId } from '../clock.ts'
import type { AbortOptions } from '../node.ts'
import { boundedCall } from './bounded-call.ts'

/**
 * Runs a watch at one head and resolves true once it has delivered its callback (it is then
 * dropped). `initial` is true for the run at registration time, whose rejection fails the
 * registration instead of reaching the callback.
 */
export type WatchCheck = (head: TipSet, initial: boolean) => Promise<boolean>

/** A deal watch: its check, and how to tell its deal that watching broke down. */
export interface Watch {
  readonly check: WatchCheck
  /** Delivers the watch's callback with a failure caused by `error` (the head subscription failed). */
  readonly fail: (error: unknown) => void
}

interface Registration {
  readonly watch: Watch
  readonly dispose: () => void
}

/** The head a batch leaves the chain at: its last apply (or current); undefined for a revert-only batch. */
function newHead(batch: readonly HeadChange[]): TipSet | undefined {
  const last = batch.at(-1)
  return last === undefined || last.type === 'revert' ? undefined : last.tipSet
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}

/** How a {@link ChainWatcher} keeps its subscription alive. */
export interface ChainWatcherOptions {
  /** The clock the subscription is checked on (a virtual one in tests). @default the wall clock */
  readonly clock?: Clock
  /** The chain's block time, in ms: how often the subscription is checked. @default 30 000 */
  readonly epochMs?: number
  /** Block times without a head from the subscription before it is opened again. @default 4 */
  readonly stallEpochs?: number
}

/** Block times a subscription may stay silent before it is opened again, by default. */
export const HEAD_STALL_EPOCHS = 4

const sameHead = (a: TipSet | undefined, b: TipSet): boolean =>
  a !== undefined &&
  a.height === b.height &&
  a.key.length === b.key.length &&
  a.key.every((cid, i) => b.key[i]?.equals(cid) === true)

const isClosed = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === ChainClosedError.code

/** Shared head-change watcher of one node. */
export class ChainWatcher {
  readonly #registrations = new Set<Registration>()
  readonly #clock: Clock
  readonly #epochMs: number
  readonly #stallMs: number
  #subscription: AbortController | undefined
  /** Clock time of the subscription's last head batch (or of its opening). */
  #lastBatch = 0
  /** Whether a batch came through since the last tick. */
  #delivered = false
  #timer: TimerId | undefined
  /** The last head the checks ran at, and the next one waiting for them. */
  #checked: TipSet | undefined
  #next: TipSet | undefined
  #draining: Promise<void> | undefined
  #running = false

  constructor(
    private readonly chain: ChainAdapter,
    options: ChainWatcherOptions = {},
  ) {
    this.#clock = options.clock ?? realClock
    this.#epochMs = options.epochMs ?? 30_000
    this.#stallMs = (options.stallEpochs ?? HEAD_STALL_EPOCHS) * this.#epochMs
    if (!(this.#epochMs > 0)) throw new RangeError(`the block time must be positive, got ${this.#epochMs}`)
  }

  /** Watches still registered. */
  get size(): number {
    return this.#registrations.size
  }

  /**
   * Runs the watch's check at the current head and, unless it is done, keeps running it at every
   * new head until it is, or until `options.signal` aborts. Rejects when the first run rejects.
   */
  async register(watch: Watch, options: AbortOptions = {}): Promise<void> {
    const { signal } = options
    if (signal?.aborted === true) throw new AbortError(undefined, { cause: signal.reason })
    const head = await this.chain.chainHead(options)
    if (await watch.check(head, true)) return
    // The first run may have taken a while: the caller may have given up meanwhile.
    if (isAborted(signal)) return
    const onAbort = (): void => this.#remove(registration)
    const registration: Registration = { watch, dispose: () => signal?.removeEventListener('abort', onAbort) }
    signal?.addEventListener('abort', onAbort, { once: true })
    this.#registrations.add(registration)
    this.#subscribe()
    this.#arm()
  }

  /** Drops every watch without calling back and closes the subscription. */
  stop(): void {
    for (const registration of [...this.#registrations]) this.#remove(registration)
  }

  #remove(registration: Registration): void {
    if (!this.#registrations.delete(registration)) return
    registration.dispose()
    if (this.#registrations.size === 0) {
      this.#subscription?.abort()
      this.#subscription = undefined
      if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
      this.#timer = undefined
    }
  }

  /** Tells every watch that the chain cannot be followed any more, and drops it. */
  #failAll(error: unknown): void {
    for (const registration of [...this.#registrations]) {
      this.#remove(registration)
      registration.watch.fail(error)
    }
  }

  #subscribe(): void {
    if (this.#subscription !== undefined) return
    const controller = new AbortController()
    this.#subscription = controller
    this.#lastBatch = this.#clock.now()
    void this.#follow(controller).then(
      () => {
        // Ended by the chain: opened again at the next tick; the ticks poll the head meanwhile.
        if (this.#subscription === controller) this.#subscription = undefined
      },
      (error: unknown) => {
        if (this.#subscription === controller) this.#subscription = undefined
        if (!controller.signal.aborted && isClosed(error)) this.#failAll(error)
      },
    )
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#registrations.size === 0) return
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      void this.#tick()
    }, this.#epochMs)
  }

  /** Once per block time: read the head if the subscription brought none, and renew a dead one. */
  async #tick(): Promise<void> {
    const delivered = this.#delivered
    this.#delivered = false
    const current = this.#subscription
    if (current === undefined || this.#clock.now() - this.#lastBatch >= this.#stallMs) {
      current?.abort()
      if (this.#subscription === current) this.#subscription = undefined
      if (this.#registrations.size > 0) this.#subscribe()
    }
    this.#arm()
    if (delivered || this.#registrations.size === 0) return
    let head: TipSet
    try {
      head = await boundedCall(
        this.#clock,
        this.#epochMs,
        undefined,
        (signal) => this.chain.chainHead({ signal }),
        () => new AdapterError('the chain did not answer ChainHead within a block time'),
      )
    } catch (error) {
      if (isClosed(error)) this.#failAll(error)
      return
    }
    await this.#offer(head)
  }

  async #follow(controller: AbortController): Promise<void> {
    for await (const batch of this.chain.chainNotify({ signal: controller.signal })) {
      if (controller.signal.aborted) return
      this.#lastBatch = this.#clock.now()
      this.#delivered = true
      const head = newHead(batch) ?? (await this.chain.chainHead({ signal: controller.signal }))
      await this.#offer(head)
    }
    if (!controller.signal.aborted && this.#registrations.size > 0)
      throw new AdapterError('the head subscription ended')
  }

  /**
   * Runs the checks at `head`, after those running at an earlier head; heads offered meanwhile
   * collapse into the latest, and a head the checks already ran at is skipped (the subscription and
   * a poll may both bring it). Resolves once the checks are idle.
   */
  #offer(head: TipSet): Promise<void> {
    this.#next = head
    if (!this.#running) {
      this.#running = true
      this.#draining = this.#drain()
    }
    return this.#draining ?? Promise.resolve()
  }

  async #drain(): Promise<void> {
    try {
      for (let head = this.#next; head !== undefined; head = this.#next) {
        this.#next = undefined
        if (sameHead(this.#checked, head)) continue
        this.#checked = head
        await this.#check(head)
      }
    } finally {
      this.#running = false
    }
  }

  async #check(head: TipSet): Promise<void> {
    for (const registration of [...this.#registrations]) {
      if (!this.#registrations.has(registration)) continue
      let done: boolean
      try {
        done = await registration.watch.check(head, false)
      } catch {
        // A check reports its own failures through its callback; a throw here is a bug in the
        // callback it guards, and dropping the watch keeps it from throwing at every head.
        done = true
      }
      if (done) this.#remove(registration)
    }
  }
}
