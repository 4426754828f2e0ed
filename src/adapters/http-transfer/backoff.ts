/**
 * The wait before a retry: exponential between a floor and a ceiling, optionally jittered (as the
 * backoff Boost's HTTP transport uses).
 *
 * @module
 */
import type { RetryPolicy } from './types.ts'

/**
 * The wait before retry number `retry` (0 for the first retry). Without jitter it is
 * `min(maxMs, minMs × factor^retry)`; with jitter a uniform draw between `minMs` and that value.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.minMs * policy.factor ** retry)
  if (!policy.jitter || ceiling <= policy.minMs) return Math.round(ceiling)
  return Math.round(policy.minMs + random() * (ceiling - policy.minMs))
}
