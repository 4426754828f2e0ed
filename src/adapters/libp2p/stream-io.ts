/**
 * One message in each direction on a libp2p stream: a single CBOR item, no length prefix
 * (go-cbor-util `WriteCborRPC`), each read and write bounded by a deadline and each read by a size
 * limit. Whatever goes wrong ends as one of the library's typed errors, and the stream is reset
 * on timeouts, aborts and refused input so that no buffer or muxer window stays held.
 *
 * @module
 */

import type { Stream } from '@libp2p/interface'
import {
  AbortError,
  DecodeError,
  FilDealError,
  MessageTooLargeError,
  messageOf,
  PeerUnreachableError,
  ProtocolNotSupportedError,
  StreamResetError,
  StreamTimeoutError,
} from '../../errors.ts'
import { CborFrameScanner } from './cbor-frame.ts'

/** Runs `work` until it settles, `timeoutMs` passes, or `signal` aborts; the stream is reset on the latter two. */
export async function withDeadline<T>(
  operation: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stream: Stream | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  let onAbort: (() => void) | undefined
  const stopped = new Promise<never>((_, reject) => {
    const stop = (error: Error) => {
      controller.abort(error)
      stream?.abort(error)
      reject(error)
    }
    timer = setTimeout(() => stop(new StreamTimeoutError(operation, timeoutMs)), timeoutMs)
    if (signal !== undefined) {
      onAbort = () => stop(new AbortError(`${operation} was aborted`, { cause: signal.reason }))
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    }
  })
  // The losing side of the race must not surface as an unhandled rejection.
  stopped.catch(() => {})
  try {
    return await Promise.race([work(controller.signal), stopped])
  } finally {
    clearTimeout(timer)
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * Reads one CBOR item of at most `maxBytes` from the stream and stops reading there (bytes after
 * the item are left unread, as Go's reader does). Throws StreamResetError when the stream ends or
 * is reset before any byte, DecodeError (`truncated`) when it ends inside the item,
 * MessageTooLargeError as soon as the item cannot fit, DecodeError for a malformed item.
 */
export async function readItem(stream: Stream, maxBytes: number, path: string): Promise<Uint8Array> {
  const scanner = new CborFrameScanner(maxBytes, path)
  let buffer = new Uint8Array(Math.min(maxBytes + 1, 4096))
  let size = 0
  const iterator = stream.source[Symbol.asyncIterator]()
  try {
    for (;;) {
      let next: IteratorResult<{ subarray(): Uint8Array }>
      try {
        next = await iterator.next()
      } catch (error) {
        throw toStreamError(error, `reading ${path}`)
      }
      if (next.done === true) {
        if (size === 0) throw new StreamResetError(`the stream ended before ${path} arrived`)
        throw new DecodeError('truncated', path, `the stream ended after ${size} bytes, inside the message`)
      }
      let chunk = next.value.subarray()
      // Keep at most one byte past the limit: enough for the scanner to tell "too large".
      chunk = chunk.subarray(0, Math.max(0, maxBytes + 1 - size))
      if (size + chunk.length > buffer.length) {
        const grown = new Uint8Array(Math.min(maxBytes + 1, Math.max(buffer.length * 2, size + chunk.length)))
        grown.set(buffer.subarray(0, size))
        buffer = grown
      }
      buffer.set(chunk, size)
      size += chunk.length
      const length = scanner.feed(buffer.subarray(0, size))
      if (length !== undefined) return buffer.slice(0, length)
      if (size > maxBytes) throw new MessageTooLargeError(size, maxBytes)
    }
  } catch (error) {
    // Reset rather than drain: the rest of an oversized message is not worth receiving.
    if (error instanceof MessageTooLargeError) stream.abort(error)
    throw error
  } finally {
    // Stop reading: later bytes are not ours to wait for.
    void iterator.return?.(undefined)
  }
}

/** Writes `bytes` as the stream's only outbound message and closes the write side. */
export async function writeItem(stream: Stream, bytes: Uint8Array, what: string): Promise<void> {
  try {
    await stream.sink([bytes])
  } catch (error) {
    throw toStreamError(error, `writing ${what}`)
  }
}

/** Closes the stream gracefully within `timeoutMs`, resetting it otherwise. Never throws. */
export async function closeStream(stream: Stream, timeoutMs: number): Promise<void> {
  try {
    await stream.close({ signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    stream.abort(error instanceof Error ? error : new Error(String(error)))
  }
}

/** Maps a libp2p failure on an open stream to a library error. */
export function toStreamError(error: unknown, what: string): Error {
  if (error instanceof FilDealError) return error
  const name = error instanceof Error ? error.name : ''
  if (name === 'AbortError') return new AbortError(`${what} was aborted`, { cause: error })
  return new StreamResetError(`${what} failed: ${messageOf(error)}`, { cause: error })
}

/** Maps a failure to open a stream (dial, negotiation) to a library error. */
export function toOpenError(error: unknown, peer: string, protocols: readonly string[]): Error {
  if (error instanceof FilDealError) return error
  const name = error instanceof Error ? error.name : ''
  if (name === 'UnsupportedProtocolError') {
    return new ProtocolNotSupportedError(peer, protocols.join(' or '), { cause: error })
  }
  if (name === 'AbortError')
    return new AbortError(`opening a stream to ${peer} was aborted`, { cause: error })
  return new PeerUnreachableError(peer, { cause: error })
}
