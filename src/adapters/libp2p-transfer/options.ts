/**
 * Timeouts and limits of the push transfer, shared by both ends.
 *
 * @module
 */

/** Timeouts of one end of the push transfer. */
export interface PushTimeouts {
  /** No byte moved for this long: the channel is `stalled` and its stream reset. @default 60_000 */
  readonly stallTimeoutMs?: number
  /** Longest wait for the answer to a request and for opening a stream. @default 30_000 */
  readonly responseTimeoutMs?: number
}

/** Defaults of {@link PushTimeouts}. */
export const DEFAULT_PUSH_TIMEOUTS: Required<PushTimeouts> = {
  stallTimeoutMs: 60_000,
  responseTimeoutMs: 30_000,
}

/** Largest control message accepted. */
export const MAX_CONTROL_BYTES = 64 * 1024

/** Payload bytes per data frame sent. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024

/** Largest data frame accepted. */
export const MAX_DATA_FRAME_BYTES = 1024 * 1024

/** Rejects with `error` after `ms` unless `promise` settles first. */
export async function within<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The channel's key in maps and errors. */
export function channelKey(initiator: string, id: bigint): string {
  return `${initiator}/${id}`
}
