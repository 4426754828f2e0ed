/**
 * ChainNotify over the WebSocket as an async iterator of head-change batches. When the socket drops
 * or the node closes the channel (Lotus drops slow readers), it subscribes again; the new channel
 * starts with the node's current head, which is turned into the path from the last head this
 * subscription delivered (ChainGetPath), so a reader sees every revert and apply once and nothing
 * twice. Decoded batches wait in an unbounded queue until read.
 *
 * @module
 */
import { ChainClosedError, LotusTimeoutError, LotusTransportError } from '../../errors.ts'
import type { HeadChange, TipSetKey } from '../chain.ts'
import { tipSetKeyEquals } from '../chain.ts'
import type { Clock } from '../clock.ts'
import type { JsonValue } from './json/text.ts'
import { decodeHeadChanges } from './json/tipset.ts'
import { type BackoffOptions, backoffDelay } from './rpc/backoff.ts'
import type { LotusRpc } from './rpc/lotus-rpc.ts'

type Batch = readonly HeadChange[]

/** What a subscription uses. */
export interface HeadSubscriptionDeps {
  readonly rpc: LotusRpc
  readonly clock: Clock
  readonly reconnect: BackoffOptions
  readonly timeoutMs: number | undefined
  /** ChainGetPath: the reverts and applies leading from one tipset to another. */
  readonly path: (from: TipSetKey, to: TipSetKey, signal: AbortSignal) => Promise<HeadChange[]>
}

function transient(error: unknown): boolean {
  return error instanceof LotusTransportError || error instanceof LotusTimeoutError
}

/** The head the chain is at after `batch`: the last apply's, or the parent of the last revert. */
function headAfter(batch: Batch): TipSetKey | undefined {
  const last = batch.at(-1)
  if (last === undefined) return undefined
  return last.type === 'revert' ? last.tipSet.parents : last.tipSet.key
}

/** One ChainNotify subscription that survives reconnects. */
export class HeadSubscription implements AsyncIterator<Batch> {
  readonly #queue: Batch[] = []
  #waiting: { resolve: (r: IteratorResult<Batch>) => void; reject: (e: unknown) => void } | undefined
  #done = false
  #error: unknown
  #last: TipSetKey | undefined
  #work: Promise<void> = Promise.resolve()
  #working = 0
  #cancel: (() => void) | undefined
  #channelEnded: (() => void) | undefined
  readonly #controller = new AbortController()
  readonly #unprobe: () => void

  constructor(
    private readonly deps: HeadSubscriptionDeps,
    private readonly outer: AbortSignal | undefined,
  ) {
    this.#unprobe = deps.rpc.activity.probe(
      () => this.#done || (this.#working === 0 && this.#queue.length === 0 && this.#waiting !== undefined),
    )
    if (outer?.aborted === true) this.#finish()
    else {
      outer?.addEventListener('abort', this.#onAbort, { once: true })
      void this.#run()
    }
  }

  readonly #onAbort = (): void => this.#finish()

  next(): Promise<IteratorResult<Batch>> {
    const batch = this.#queue.shift()
    if (batch !== undefined) return Promise.resolve({ done: false, value: batch })
    if (this.#error !== undefined) {
      const error = this.#error
      this.#error = undefined
      return Promise.reject(error)
    }
    if (this.#done) return Promise.resolve({ done: true, value: undefined })
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject }
      this.deps.rpc.activity.tick()
    })
  }

  return(): Promise<IteratorResult<Batch>> {
    this.#finish()
    return Promise.resolve({ done: true, value: undefined })
  }

  async #run(): Promise<void> {
    let attempt = 0
    while (!this.#done) {
      let first = true
      let started = false
      let endChannel = (): void => undefined
      const ended = new Promise<void>((resolve) => {
        endChannel = resolve
      })
      this.#channelEnded = endChannel
      try {
        this.#cancel = await this.deps.rpc.openChannel(
          'ChainNotify',
          {
            onValue: (value) => {
              const isFirst = first
              first = false
              started = true
              this.#enqueue(value, isFirst)
            },
            onClose: () => endChannel(),
          },
          { signal: this.#controller.signal, timeoutMs: this.deps.timeoutMs },
        )
        // The reader may have stopped while the node was accepting the channel.
        if (this.#done) this.#cancel()
        await ended
      } catch (error) {
        if (this.#done) return
        if (error instanceof ChainClosedError) return this.#finish()
        if (!transient(error)) return this.#fail(error)
      }
      this.#cancel = undefined
      // Subscribing again is immediate after a channel that worked; one that could not even start
      // (node unreachable, or closing channels at once) is retried with growing delays.
      attempt = started ? 0 : attempt + 1
      const delay = backoffDelay(attempt, this.deps.reconnect)
      if (delay > 0 && !this.#done)
        await this.deps.clock.sleep(delay, this.#controller.signal).catch(() => undefined)
    }
  }

  #enqueue(value: JsonValue, isFirst: boolean): void {
    this.#working++
    this.#work = this.#work
      .then(() => this.#handle(value, isFirst))
      .catch((error: unknown) => this.#fail(error))
      .finally(() => {
        this.#working--
        this.deps.rpc.activity.tick()
      })
  }

  async #handle(value: JsonValue, isFirst: boolean): Promise<void> {
    if (this.#done) return
    const batch = decodeHeadChanges(value, 'ChainNotify')
    const last = this.#last
    if (!isFirst || last === undefined) return this.#deliver(batch)
    // A new channel after a reconnect: its first batch is the node's current head.
    const head = batch.at(-1)?.tipSet
    if (head === undefined || tipSetKeyEquals(head.key, last)) return
    let changes: HeadChange[]
    try {
      changes = await this.deps.path(last, head.key, this.#controller.signal)
    } catch {
      // The node no longer knows where this subscription was; the new head is all there is to tell.
      changes = [{ type: 'apply', tipSet: head }]
    }
    this.#deliver(changes)
  }

  #deliver(batch: Batch): void {
    if (this.#done || batch.length === 0) return
    this.#last = headAfter(batch) ?? this.#last
    const waiting = this.#waiting
    this.#waiting = undefined
    if (waiting !== undefined) waiting.resolve({ done: false, value: batch })
    else this.#queue.push(batch)
    this.deps.rpc.activity.tick()
  }

  /** Ends with `error`, thrown after the batches already queued. */
  #fail(error: unknown): void {
    if (this.#done) return
    const waiting = this.#waiting
    this.#waiting = undefined
    this.#stop()
    if (waiting !== undefined) waiting.reject(error)
    else this.#error = error
  }

  /** Ends without an error; queued batches are dropped, as the reader asked to stop. */
  #finish(): void {
    if (this.#done) return
    this.#stop()
    this.#queue.length = 0
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.resolve({ done: true, value: undefined })
  }

  #stop(): void {
    this.#done = true
    this.outer?.removeEventListener('abort', this.#onAbort)
    this.#cancel?.()
    this.#controller.abort()
    this.#channelEnded?.()
    this.#unprobe()
  }
}
