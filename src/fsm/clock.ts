import { AbortError } from '../errors.ts'

/** Opaque timer handle. */
export type TimerId = unknown

/**
 * The clock contract. Everything in the library that waits (polling, timeouts, publish periods)
 * goes through it, so tests replace it with a {@link VirtualClock} and never wait for real time.
 * It also satisfies xstate's `clock` option (`setTimeout` / `clearTimeout`).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` milliseconds; rejects with {@link AbortError} when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  setTimeout(fn: () => void, ms: number): TimerId
  clearTimeout(id: TimerId): void
}

/** Shared implementation of `sleep` on top of a clock's timers. */
export function sleepOn(
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError())
      return
    }
    const onAbort = (): void => {
      clock.clearTimeout(id)
      reject(new AbortError())
    }
    const id = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** The wall clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepOn(realClock, ms, signal),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
}
