/**
 * Waiting for a call that may ignore its AbortSignal: the wait ends when the signal aborts, and the
 * call is abandoned (left to settle unobserved).
 *
 * @module
 */
import { AbortError } from '../errors.ts'

const noop = (): void => undefined

/**
 * The error an aborted `signal` stands for: its reason when that is an {@link AbortError}, else an
 * AbortError naming `what` with the reason as cause.
 */
export function abortReason(signal: AbortSignal, what: string): AbortError {
  const reason: unknown = signal.reason
  if (reason instanceof AbortError) return reason
  return new AbortError(`${what} was aborted`, { cause: reason })
}

/** Called with the signal that aborted. */
type Waiter = (signal: AbortSignal) => void

/**
 * The waiters of each signal. A signal gets one 'abort' listener, added the first time something
 * waits on it; each wait then costs a set insertion and deletion instead of an event listener
 * added and removed (a record store waits on its long-lived lifetime signal at every call).
 */
const waitersOf = new WeakMap<AbortSignal, Set<Waiter>>()

function watch(signal: AbortSignal, waiter: Waiter): Set<Waiter> {
  let waiters = waitersOf.get(signal)
  if (waiters === undefined) {
    const set = new Set<Waiter>()
    waiters = set
    waitersOf.set(signal, set)
    signal.addEventListener(
      'abort',
      () => {
        for (const wake of set) wake(signal)
        set.clear()
      },
      { once: true },
    )
  }
  waiters.add(waiter)
  return waiters
}

/**
 * Calls `waiter` once when `signal` aborts (at once if it already has); returns a function that
 * cancels the call. Costs a set insertion, not an event listener, per call.
 */
export function onceAborted(signal: AbortSignal, waiter: () => void): () => void {
  if (signal.aborted) {
    waiter()
    return noop
  }
  const wake: Waiter = () => waiter()
  const waiters = watch(signal, wake)
  return () => {
    waiters.delete(wake)
  }
}

/**
 * `call()`'s result, unless one of `signals` aborts first: then rejects with {@link abortReason} at
 * once, and a call still pending is abandoned (its outcome, which may still come, is ignored). An
 * already aborted signal rejects without making the call.
 */
export function abandonOnAbort<T>(
  call: () => Promise<T>,
  signals: readonly (AbortSignal | undefined)[],
  what: string,
): Promise<T> {
  let watched = 0
  for (const signal of signals) {
    if (signal === undefined) continue
    if (signal.aborted) return Promise.reject(abortReason(signal, what))
    watched++
  }
  if (watched === 0) return call()
  let pending: Promise<T>
  try {
    pending = call()
  } catch (error) {
    return Promise.reject(error)
  }
  return new Promise<T>((resolve, reject) => {
    const sets: Set<Waiter>[] = []
    // Waiters are removed once the wait ends, so a long-lived signal keeps nothing alive.
    const release = (): void => {
      for (const set of sets) set.delete(onAbort)
    }
    const onAbort: Waiter = (signal) => {
      release()
      pending.catch(noop)
      reject(abortReason(signal, what))
    }
    for (const signal of signals) if (signal !== undefined) sets.push(watch(signal, onAbort))
    pending.then(
      (value) => {
        release()
        resolve(value)
      },
      (error: unknown) => {
        release()
        reject(error)
      },
    )
  })
}
