/**
 * The two halves of a one-request, one-response exchange on a libp2p stream, with the deadlines
 * and limits of {@link StreamTimeouts}.
 *
 * @module
 */

import type { Stream } from '@libp2p/interface'
import { MessageTooLargeError } from '../../errors.ts'
import type { MessageCodec } from '../../market/protocol-codecs.ts'
import type { AbortOptions } from '../node.ts'
import { readItem, withDeadline, writeItem } from './stream-io.ts'

/** Read limits of the messages, by codec name; overrides the codec's own default. */
export type MaxBytesOf = (codec: MessageCodec<unknown>) => number

/** Encodes `value`, refusing (MessageTooLargeError) what the other side would not read. */
export function encodeMessage<T>(codec: MessageCodec<T>, value: T): Uint8Array {
  const bytes = codec.encode(value)
  if (bytes.length > codec.maxBytes) throw new MessageTooLargeError(bytes.length, codec.maxBytes)
  return bytes
}

/** Writes encoded `bytes` as the stream's outbound message within `timeoutMs`. */
export async function sendEncoded(
  stream: Stream,
  name: string,
  bytes: Uint8Array,
  timeoutMs: number,
  options: AbortOptions | undefined,
): Promise<void> {
  await withDeadline(`writing ${name}`, timeoutMs, options?.signal, stream, () =>
    writeItem(stream, bytes, name),
  )
}

/** Encodes and writes `value` as the stream's outbound message within `timeoutMs`. */
export function sendMessage<T>(
  stream: Stream,
  codec: MessageCodec<T>,
  value: T,
  timeoutMs: number,
  options: AbortOptions | undefined,
): Promise<void> {
  return sendEncoded(stream, codec.name, encodeMessage(codec, value), timeoutMs, options)
}

/**
 * Reads and decodes the stream's inbound message within `timeoutMs`, at most `maxBytes` long. On a
 * DecodeError the stream is left open for the caller to close (a provider closes without answering).
 */
export async function receiveMessage<T>(
  stream: Stream,
  codec: MessageCodec<T>,
  maxBytes: number,
  timeoutMs: number,
  options: AbortOptions | undefined,
): Promise<{ value: T; bytes: Uint8Array }> {
  const bytes = await withDeadline(`reading ${codec.name}`, timeoutMs, options?.signal, stream, () =>
    readItem(stream, maxBytes, codec.name),
  )
  return { value: codec.decode(bytes, { maxBytes }), bytes }
}
