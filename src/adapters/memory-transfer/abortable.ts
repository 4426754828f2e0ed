/**
 * Waiting with an AbortSignal.
 *
 * @module
 */
import { AbortError } from '../../errors.ts'

/** Waits for `promise`, or rejects with AbortError when `signal` aborts first. */
export function abortable(
  promise: Promise<void> | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (promise === undefined) return Promise.resolve()
  if (signal === undefined) return promise
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError())
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
