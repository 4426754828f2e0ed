/**
 * Defaults of the HTTP transfer, Boost's (boost-mk12.md §9, §11).
 *
 * @module
 */
import type { RetryPolicy } from './types.ts'

/** `HttpTransferMaxConcurrentDownloads`. */
export const DEFAULT_MAX_CONCURRENT_DOWNLOADS = 20
/** `HttpTransferStallTimeout`: 5 minutes. */
export const DEFAULT_STALL_TIMEOUT_MS = 5 * 60_000
/** `MaxTransferDuration`: 24 hours. */
export const DEFAULT_MAX_TRANSFER_DURATION_MS = 24 * 60 * 60_000
/** `NChunks`. */
export const DEFAULT_CHUNKS = 5
/** Files below this size are fetched in one chunk (10 MiB). */
export const DEFAULT_PARALLEL_THRESHOLD = 10n * 1_048_576n
/** Bytes between progress events. */
export const DEFAULT_PROGRESS_BYTES = 1 << 20
/** Boost's retry loop: 5 s … 10 min, ×1.5, jittered, 15 attempts. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  minMs: 5_000,
  maxMs: 600_000,
  factor: 1.5,
  attempts: 15,
  jitter: true,
}
/** Redirects followed per request (Go's client there stops after two requests). */
export const MAX_REDIRECTS = 1
/** Media type of a served CAR. */
export const CAR_CONTENT_TYPE = 'application/vnd.ipld.car'
