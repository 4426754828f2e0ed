/**
 * One call's lifetime: the caller's AbortSignal and the call's time limit, on the injected clock,
 * folded into one signal for the transport, and the error that explains why it ended early.
 *
 * @module
 */
import { AbortError, type FilDealError, LotusTimeoutError } from '../../../errors.ts'
import type { Clock, TimerId } from '../../clock.ts'

/** A call's combined signal. */
export interface CallScope {
  /** Aborts when the caller aborts or the time limit passes. */
  readonly signal: AbortSignal
  /** Why the signal aborted (AbortError or LotusTimeoutError), or undefined while it has not. */
  reason(): FilDealError | undefined
  /** Clears the timer and the caller's listener; call when the call settles. */
  dispose(): void
}

/** A scope for `method` limited to `timeoutMs` (no limit when undefined) and to `outer`. */
export function callScope(
  clock: Clock,
  method: string,
  timeoutMs: number | undefined,
  outer: AbortSignal | undefined,
): CallScope {
  const controller = new AbortController()
  let reason: FilDealError | undefined
  const stop = (error: FilDealError): void => {
    if (reason !== undefined) return
    reason = error
    controller.abort(error)
  }
  const onAbort = (): void => stop(new AbortError(undefined, { cause: outer?.reason }))
  let timer: TimerId | undefined
  if (outer?.aborted === true) onAbort()
  else outer?.addEventListener('abort', onAbort, { once: true })
  if (timeoutMs !== undefined && reason === undefined) {
    timer = clock.setTimeout(() => stop(new LotusTimeoutError(method, timeoutMs)), timeoutMs)
  }
  return {
    signal: controller.signal,
    reason: () => reason,
    dispose: () => {
      outer?.removeEventListener('abort', onAbort)
      if (timer !== undefined) clock.clearTimeout(timer)
    },
  }
}
