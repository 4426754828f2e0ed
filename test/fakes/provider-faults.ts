import { AbortError } from '../../src/errors.ts'

/**
 * Per-method call recording and failure injection shared by the provider fakes: a method can be
 * made to reject with a given error, or to hang until its AbortSignal fires.
 */
export class Faults<M extends string> {
  /** Every call, in order. */
  readonly calls: { readonly method: M; readonly args: readonly unknown[] }[] = []
  readonly #failures = new Map<M, Error>()
  readonly #blocked = new Set<M>()

  /** Make `method` reject with `error` until {@link heal}. */
  fail(method: M, error: Error = new Error(`${method} failed`)): this {
    this.#failures.set(method, error)
    return this
  }

  /** Make `method` hang until the caller's signal aborts. */
  block(method: M): this {
    this.#blocked.add(method)
    return this
  }

  /** Undo every injected failure and block. */
  heal(): this {
    this.#failures.clear()
    this.#blocked.clear()
    return this
  }

  /** Calls of one method. */
  of(method: M): (readonly unknown[])[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args)
  }

  /** Record a call, then apply what was injected for the method. */
  async enter(method: M, args: readonly unknown[], signal?: AbortSignal): Promise<void> {
    this.calls.push({ method, args })
    if (signal?.aborted === true) throw new AbortError()
    if (this.#blocked.has(method)) await untilAborted(signal)
    const failure = this.#failures.get(method)
    if (failure !== undefined) throw failure
  }

  /** Synchronous variant for methods that cannot hang. */
  enterSync(method: M, args: readonly unknown[]): void {
    this.calls.push({ method, args })
    const failure = this.#failures.get(method)
    if (failure !== undefined) throw failure
  }
}

/** Never resolves; rejects with AbortError once `signal` aborts. */
export function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal === undefined) return
    if (signal.aborted) reject(new AbortError())
    else signal.addEventListener('abort', () => reject(new AbortError()), { once: true })
  })
}
