/**
 * Reconnection delays: none for the first attempt (a dropped socket is usually back at once), then
 * doubling from `initialDelayMs` up to `maxDelayMs`.
 *
 * @module
 */

/** Reconnection timing. */
export interface BackoffOptions {
  /** Delay before the second attempt. @default 250 */
  readonly initialDelayMs?: number
  /** Longest delay between attempts. @default 10_000 */
  readonly maxDelayMs?: number
}

/** The delay before attempt `attempt` (0 for the first). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  if (attempt <= 0) return 0
  const initial = options.initialDelayMs ?? 250
  const max = options.maxDelayMs ?? 10_000
  return Math.min(max, initial * 2 ** Math.min(attempt - 1, 30))
}
