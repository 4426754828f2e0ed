/**
 * A switchboard of adapter faults: every adapter object handed to a client or a provider is
 * wrapped so that each method call goes through the board, which records the call site
 * (`client.node.getChainHead`, `provider.staging.openWriter`, ...) and, when that site is armed,
 * makes the call fail, hang or return garbage instead of reaching the adapter.
 */
import { AbortError } from '../../../src/errors.ts'

/** What an armed site does instead of calling the adapter. */
export type FaultKind = 'reject' | 'hang' | 'garbage'

/** Every fault kind, in the order the walk tries them. */
export const FAULT_KINDS: readonly FaultKind[] = ['reject', 'hang', 'garbage']

/**
 * How a site answers: a promise, an async iterable, or a plain value. A synchronous call cannot
 * hang; for it `hang` is not tried.
 */
export type CallShape = 'async' | 'iterable' | 'sync'

/** The error an armed `reject` site fails with; its message names the site. */
export class InjectedFault extends Error {
  static readonly code = 'ERR_INJECTED_FAULT'
  readonly code = InjectedFault.code
  constructor(readonly site: string) {
    super(`injected fault at ${site}`)
    this.name = 'InjectedFault'
  }
}

/** The wrong-typed value an armed `garbage` site returns (after making the real call). */
export const GARBAGE: unknown = Object.freeze({ injected: 'garbage' })

/** Nested objects returned by a site, wrapped under their own site prefix. */
export type Nested = Readonly<Record<string, string>>

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !isThenable(value) &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  )
}

/** The AbortSignal a call was given, in an options argument or as an argument itself. */
function signalOf(args: readonly unknown[]): AbortSignal | undefined {
  for (const arg of args) {
    if (arg instanceof AbortSignal) return arg
    const signal = (arg as { signal?: unknown } | null)?.signal
    if (typeof arg === 'object' && signal instanceof AbortSignal) return signal
  }
  return undefined
}

/** Records call sites and injects one fault at a time. */
export class FaultBoard {
  /** Sites seen while recording, with how they answer. */
  readonly sites = new Map<string, CallShape>()
  #recording = false
  #armed: { readonly site: string; readonly kind: FaultKind } | undefined
  /** Calls the armed fault replaced. */
  injected = 0
  /** Hung calls that had no signal, so nothing can ever end them. */
  hungWithoutSignal = 0

  /** Start or stop recording call sites. */
  record(on: boolean): void {
    this.#recording = on
  }

  /** Make every later call of `site` do `kind`, until {@link disarm}. */
  arm(site: string, kind: FaultKind): void {
    this.#armed = { site, kind }
    this.injected = 0
    this.hungWithoutSignal = 0
  }

  disarm(): void {
    this.#armed = undefined
  }

  /** `target` with every method call going through the board as `name.method`. */
  wrap<T extends object>(name: string, target: T, nested: Nested = {}): T {
    const board = this
    return new Proxy(target, {
      get(object, prop) {
        const value: unknown = Reflect.get(object, prop, object)
        if (typeof value !== 'function' || typeof prop === 'symbol') return value
        const site = `${name}.${prop}`
        const inner = nested[prop]
        return (...args: unknown[]) =>
          board.call(site, args, () => {
            const result: unknown = value.apply(object, args)
            if (inner === undefined) return result
            return isThenable(result)
              ? Promise.resolve(result).then((r) => board.wrapValue(inner, r))
              : board.wrapValue(inner, result)
          })
      },
    })
  }

  /** A function going through the board as `site`. */
  wrapFunction<F extends (...args: never[]) => unknown>(site: string, fn: F): F {
    return ((...args: Parameters<F>) => this.call(site, args, () => fn(...args))) as F
  }

  /** Wraps an object a site returned (streams, sinks, batches), leaving other values alone. */
  wrapValue(name: string, value: unknown): unknown {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value
    return this.wrap(name, value)
  }

  /** One call of `site`: recorded, and replaced by the armed fault if it is armed here. */
  call(site: string, args: readonly unknown[], run: () => unknown): unknown {
    const armed = this.#armed
    if (armed === undefined || armed.site !== site) {
      const result = run()
      if (this.#recording && !this.sites.has(site)) {
        this.sites.set(site, isThenable(result) ? 'async' : isAsyncIterable(result) ? 'iterable' : 'sync')
      }
      return result
    }
    this.injected++
    const shape = this.sites.get(site) ?? 'async'
    if (armed.kind === 'garbage') {
      // The call happens; only its answer is replaced.
      const result = run()
      return isThenable(result) ? Promise.resolve(result).then(() => GARBAGE) : GARBAGE
    }
    if (shape === 'sync') throw new InjectedFault(site)
    const failure =
      armed.kind === 'reject' ? Promise.reject(new InjectedFault(site)) : this.#hang(signalOf(args))
    if (shape === 'async') return failure
    return {
      [Symbol.asyncIterator]: () => ({ next: () => failure, return: async () => ({ done: true }) }),
    }
  }

  /** A promise that settles only when `signal` aborts (never, without one). */
  #hang(signal: AbortSignal | undefined): Promise<never> {
    if (signal === undefined) this.hungWithoutSignal++
    return new Promise((_resolve, reject) => {
      if (signal?.aborted === true) reject(new AbortError())
      signal?.addEventListener('abort', () => reject(new AbortError()), { once: true })
    })
  }
}
