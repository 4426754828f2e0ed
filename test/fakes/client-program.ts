import { AbortError } from '../../src/errors.ts'

/**
 * How one call of a fake method ends: with a value, with an error, or never (until its signal
 * aborts). Queued per method, so a test can script a sequence of calls.
 */
export type Outcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'error'; readonly error: Error }
  | { readonly kind: 'hang' }

/** The call ends with `value`. */
export const returns = <T>(value: T): Outcome<T> => ({ kind: 'value', value })

/** The call rejects with `error` (an Error, or one built from the text). */
export const fails = (error: Error | string): Outcome<never> => ({
  kind: 'error',
  error: typeof error === 'string' ? new Error(error) : error,
})

/** The call never ends; it rejects with AbortError when its signal aborts. */
export const hangs: Outcome<never> = { kind: 'hang' }

/** A promise that settles only when `signal` aborts (with AbortError). */
export function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(new AbortError())
    signal?.addEventListener('abort', () => reject(new AbortError()), { once: true })
  })
}

/**
 * Per-method scripts of a fake: queued outcomes are used one per call, in order; a persistent
 * outcome applies once the queue is empty; without either the fake's own stateful behaviour runs.
 */
export class Program<M extends object> {
  readonly #queues = new Map<keyof M, Outcome<unknown>[]>()
  readonly #always = new Map<keyof M, Outcome<unknown>>()

  /** Queue outcomes for the next calls of `method`. */
  next<K extends keyof M>(method: K, ...outcomes: Outcome<M[K]>[]): this {
    const queue = this.#queues.get(method) ?? []
    queue.push(...outcomes)
    this.#queues.set(method, queue)
    return this
  }

  /** Use `outcome` for every call of `method` once its queue is empty (undefined: back to default). */
  always<K extends keyof M>(method: K, outcome: Outcome<M[K]> | undefined): this {
    if (outcome === undefined) this.#always.delete(method)
    else this.#always.set(method, outcome)
    return this
  }

  /** The outcome scripted for this call of `method`, if any (consumes a queued one). */
  take<K extends keyof M>(method: K): Outcome<M[K]> | undefined {
    const queued = this.#queues.get(method)?.shift()
    return (queued ?? this.#always.get(method)) as Outcome<M[K]> | undefined
  }

  /** Number of queued outcomes not used yet, over all methods. */
  get pending(): number {
    let count = 0
    for (const queue of this.#queues.values()) count += queue.length
    return count
  }

  /**
   * Apply the scripted outcome of this call: reject for an error, hang for a hang, hand back a
   * value; undefined when nothing is scripted (the caller then runs its default).
   */
  async gate<K extends keyof M>(
    method: K,
    signal: AbortSignal | undefined,
  ): Promise<{ value: M[K] } | undefined> {
    const outcome = this.take(method)
    if (outcome === undefined) return undefined
    if (outcome.kind === 'error') throw outcome.error
    if (outcome.kind === 'hang') return hang(signal)
    return { value: outcome.value }
  }
}
