/**
 * ChainNotify for the simulated chain: each subscription is an async iterator with its own queue,
 * starting with the head at subscription time. Batches are never dropped; a subscriber that stops
 * reading only grows its own queue.
 *
 * @module
 */
import type { HeadChange, TipSet } from '../chain.ts'

type Batch = readonly HeadChange[]

class Subscription implements AsyncIterator<Batch> {
  readonly #queue: Batch[]
  #waiting: ((result: IteratorResult<Batch>) => void) | undefined
  #closed = false

  constructor(
    head: TipSet,
    private readonly onClose: (subscription: Subscription) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.#queue = [[{ type: 'current', tipSet: head }]]
    signal?.addEventListener('abort', this.#abort, { once: true })
  }

  readonly #abort = (): void => {
    this.close()
  }

  push(batch: Batch): void {
    if (this.#closed) return
    const waiting = this.#waiting
    if (waiting === undefined) {
      this.#queue.push(batch)
      return
    }
    this.#waiting = undefined
    waiting({ done: false, value: batch })
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#queue.length = 0
    this.signal?.removeEventListener('abort', this.#abort)
    this.onClose(this)
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.({ done: true, value: undefined })
  }

  next(): Promise<IteratorResult<Batch>> {
    const batch = this.#queue.shift()
    if (batch !== undefined) return Promise.resolve({ done: false, value: batch })
    if (this.#closed) return Promise.resolve({ done: true, value: undefined })
    return new Promise((resolve) => {
      this.#waiting = resolve
    })
  }

  return(): Promise<IteratorResult<Batch>> {
    this.close()
    return Promise.resolve({ done: true, value: undefined })
  }
}

/** Delivers head changes to every open subscription. */
export class HeadNotifier {
  readonly #subscriptions = new Set<Subscription>()

  /** A new subscription, opened when iteration starts; it ends when `signal` aborts or on {@link closeAll}. */
  subscribe(head: () => TipSet, signal: AbortSignal | undefined): AsyncIterable<Batch> {
    return {
      [Symbol.asyncIterator]: () => {
        const subscription = new Subscription(head(), (s) => this.#subscriptions.delete(s), signal)
        if (signal?.aborted === true) subscription.close()
        else this.#subscriptions.add(subscription)
        return subscription
      },
    }
  }

  /** Sends one batch to every subscription. */
  publish(batch: Batch): void {
    for (const subscription of this.#subscriptions) subscription.push(batch)
  }

  /** Ends every subscription. */
  closeAll(): void {
    for (const subscription of [...this.#subscriptions]) subscription.close()
  }

  /** Open subscriptions. */
  get count(): number {
    return this.#subscriptions.size
  }
}

// setImmediate where the runtime has it (Node), else a zero timeout (browsers).
const macrotask: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => (globalThis as unknown as { setImmediate: (fn: () => void) => void }).setImmediate(fn)
    : (fn) => globalThis.setTimeout(fn, 0)

/**
 * Resolves after one macrotask: by then every promise chain a head change set off in subscribers
 * (state reads, callbacks, messages they push) has run, as long as it waits on nothing external.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => macrotask(resolve))
}
