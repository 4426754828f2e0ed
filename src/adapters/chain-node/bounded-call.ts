/**
 * Chain calls with a bound: a call gets its own AbortSignal, which fires when the caller's does or
 * when the call has not answered within the bound on the node's clock. The call's promise is not
 * waited for after that, so an adapter that ignores its signal cannot hold the caller.
 *
 * @module
 */
import { AbortError } from '../../errors.ts'
import type { Clock } from '../clock.ts'

/**
 * Runs `run` with a signal of its own; rejects with `onTimeout()` when it has not settled within
 * `timeoutMs` (never, for `Infinity`), and with AbortError when `signal` aborts first.
 */
export function boundedCall<T>(
  clock: Clock,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  onTimeout: () => Error,
): Promise<T> {
  if (signal?.aborted === true) return Promise.reject(new AbortError(undefined, { cause: signal.reason }))
  const controller = new AbortController()
  return new Promise<T>((resolve, reject) => {
    let settled = false
    let timer: unknown
    const onAbort = (): void => {
      finish(new AbortError(undefined, { cause: signal?.reason }))
    }
    const finish = (error?: Error): boolean => {
      if (settled) return false
      settled = true
      if (timer !== undefined) clock.clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      if (error !== undefined) {
        controller.abort(error)
        reject(error)
      }
      return true
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    if (Number.isFinite(timeoutMs)) timer = clock.setTimeout(() => finish(onTimeout()), timeoutMs)
    let call: Promise<T>
    try {
      call = run(controller.signal)
    } catch (error) {
      call = Promise.reject(error)
    }
    call.then(
      (value) => {
        if (finish()) resolve(value)
      },
      (error: unknown) => {
        if (finish()) reject(error)
      },
    )
  })
}
