/**
 * The deal publisher: collects deals ready to publish and sends them in batches, one
 * publish-storage-deals message per batch (Lotus' and Boost's DealPublisher). All waiting goes
 * through the injected clock, with one timer for the whole queue.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import { AbortError, DealNotPublishableError, messageOf, NotStartedError } from '../errors.ts'
import type { Clock, TimerId } from '../fsm/index.ts'
import type { ClientDealProposal } from '../market/index.ts'
import { classifyPublishError, type Entry, settle, type Waiter } from './publish-queue.ts'

/** Options of a {@link DealPublisher}. */
export interface DealPublisherInit {
  /**
   * Most deals in one publish message; a full batch is sent at once.
   * @default 8
   */
  readonly maxDealsPerMessage?: number
  /**
   * How long the first deal of a batch waits for others before the batch is sent, in clock ms.
   * @default 3_600_000 (1 hour)
   */
  readonly publishPeriodMs?: number
  /**
   * How long to wait before sending again a batch the wallet could not pay for, in clock ms.
   * @default 600_000 (10 minutes)
   */
  readonly insufficientFundsRetryMs?: number
}

/** What the publisher needs. */
export interface DealPublisherComponents {
  readonly node: Pick<StorageProviderNode, 'publishDeals'>
  readonly clock: Clock
}

/** One deal to publish. */
export interface PublishRequest {
  readonly proposalCid: CID
  readonly proposal: ClientDealProposal
}

/** Options of {@link DealPublisher.publish}. */
export interface PublishOptions extends AbortOptions {
  /** Called each time the publish is postponed (the wallet cannot pay yet), with the reason. */
  readonly onDelayed?: (reason: string) => void
}

/**
 * Batches deals into publish messages. A batch is sent when it reaches the maximum size, when the
 * period started by its first deal elapses, or on {@link publishPendingNow}. A deal is keyed by its
 * proposal CID, so publishing it again (a restarted entry function) joins the queued or in-flight
 * attempt instead of sending it twice.
 */
export class DealPublisher {
  readonly #node: Pick<StorageProviderNode, 'publishDeals'>
  readonly #clock: Clock
  readonly #max: number
  readonly #period: number
  readonly #retry: number
  #queue = new Map<string, Entry>()
  readonly #inFlight = new Map<string, Entry>()
  #timer: TimerId | undefined
  #stopped = false
  readonly #lifetime = new AbortController()

  constructor(components: DealPublisherComponents, init: DealPublisherInit = {}) {
    this.#node = components.node
    this.#clock = components.clock
    this.#max = Math.max(1, init.maxDealsPerMessage ?? 8)
    this.#period = init.publishPeriodMs ?? 3_600_000
    this.#retry = init.insufficientFundsRetryMs ?? 600_000
  }

  /** Deals waiting for a batch to be sent (not counting batches in flight). */
  get pending(): number {
    return this.#queue.size
  }

  /**
   * Queue a deal; resolves with the CID of the message that carries it. Rejects with
   * {@link DealNotPublishableError} when the deal was refused, with the node's error when the
   * message could not be sent, and with AbortError when `signal` aborts first.
   */
  publish(request: PublishRequest, options: PublishOptions = {}): Promise<CID> {
    if (this.#stopped) return Promise.reject(new NotStartedError('the deal publisher is stopped'))
    const { signal } = options
    if (signal?.aborted === true) return Promise.reject(new AbortError())
    return new Promise<CID>((resolve, reject) => {
      const key = request.proposalCid.toString()
      const entry = this.#inFlight.get(key) ?? this.#queue.get(key) ?? this.#enqueue(key, request)
      const onAbort = (): void => {
        entry.waiters.delete(waiter)
        // Nobody wants a queued deal any more: drop it before it is sent.
        if (entry.waiters.size === 0 && this.#queue.get(key) === entry) this.#queue.delete(key)
        reject(new AbortError())
      }
      const done = (): void => signal?.removeEventListener('abort', onAbort)
      const waiter: Waiter = {
        resolve: (cid) => {
          done()
          resolve(cid)
        },
        reject: (error) => {
          done()
          reject(error)
        },
        onDelayed: options.onDelayed,
      }
      entry.waiters.add(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#schedule()
    })
  }

  /** Send every queued deal now, in batches of at most the maximum size. */
  publishPendingNow(): void {
    this.#flush(true)
  }

  /** Stop: no timer is left behind, a publish call in flight is aborted, queued deals are rejected with NotStartedError. */
  stop(): void {
    this.#stopped = true
    this.#lifetime.abort()
    this.#clearTimer()
    const error = new NotStartedError('the deal publisher stopped')
    for (const entry of this.#queue.values()) settle(entry, (w) => w.reject(error))
    this.#queue.clear()
  }

  #enqueue(key: string, request: PublishRequest): Entry {
    const entry: Entry = { key, request, waiters: new Set() }
    this.#queue.set(key, entry)
    return entry
  }

  #schedule(): void {
    if (this.#queue.size >= this.#max) this.#flush(false)
    else if (this.#queue.size > 0 && this.#timer === undefined) this.#startTimer(this.#period)
  }

  #startTimer(ms: number): void {
    this.#clearTimer()
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      this.#flush(true)
    }, ms)
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #flush(all: boolean): void {
    while (this.#queue.size >= this.#max || (all && this.#queue.size > 0)) {
      // Take the first entries only: copying the whole queue per batch would cost N²/max.
      const batch: Entry[] = []
      for (const entry of this.#queue.values()) {
        if (batch.length === this.#max) break
        batch.push(entry)
      }
      for (const entry of batch) {
        this.#queue.delete(entry.key)
        this.#inFlight.set(entry.key, entry)
      }
      void this.#send(batch)
    }
    if (this.#queue.size === 0) this.#clearTimer()
    else if (this.#timer === undefined) this.#startTimer(this.#period)
  }

  async #send(batch: readonly Entry[]): Promise<void> {
    let cid: CID
    try {
      cid = await this.#node.publishDeals(
        batch.map((entry) => entry.request.proposal),
        { signal: this.#lifetime.signal },
      )
    } catch (error) {
      this.#onSendError(batch, error)
      return
    }
    for (const entry of batch) this.#finish(entry, (w) => w.resolve(cid))
  }

  #onSendError(batch: readonly Entry[], error: unknown): void {
    const failure = this.#stopped ? { kind: 'stopped' as const } : classifyPublishError(error, batch.length)
    if (failure.kind === 'not-enough-funds') {
      // Keep the batch at the head of the queue, say why it waits, and try again later.
      for (const entry of batch) {
        this.#inFlight.delete(entry.key)
        for (const waiter of entry.waiters) waiter.onDelayed?.(messageOf(error))
      }
      const waited = batch.filter((entry) => entry.waiters.size > 0)
      this.#queue = new Map([...waited.map((e) => [e.key, e] as const), ...this.#queue])
      if (this.#queue.size > 0) this.#startTimer(this.#retry)
      return
    }
    if (failure.kind === 'rejected') {
      for (const [index, reason] of failure.rejected) {
        this.#finish(batch[index] as Entry, (w) => w.reject(new DealNotPublishableError(reason)))
      }
      const rest = batch.filter((_, index) => !failure.rejected.has(index))
      if (rest.length > 0) void this.#send(rest)
      return
    }
    if (failure.kind === 'unknown' && batch.length > 1) {
      // The error does not say which deal is at fault: publish each alone so only that one fails.
      for (const entry of batch) void this.#send([entry])
      return
    }
    for (const entry of batch) this.#finish(entry, (w) => w.reject(error))
  }

  #finish(entry: Entry, call: (waiter: Waiter) => void): void {
    this.#inFlight.delete(entry.key)
    settle(entry, call)
  }
}
