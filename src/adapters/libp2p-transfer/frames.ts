/**
 * The wire format of the push protocol: typed frames of `kind` (1 byte), `length` (4 bytes, big
 * endian) and `length` bytes. Control frames carry one DAG-CBOR map; data frames carry payload
 * bytes. {@link FrameReader} keeps one iterator over the stream for its whole life, so frames can
 * be read one after the other without losing bytes between them.
 *
 * @module
 */

import type { Stream } from '@libp2p/interface'
import { DecodeError, MessageTooLargeError, StreamResetError } from '../../errors.ts'

/** The protocol id of the push transfer. */
export const PUSH_TRANSFER_PROTOCOL = '/fildeal/transfer/push/1.0.0'

/** Frame kinds. */
export const FrameKind = {
  /** Client → provider: the push request (CBOR). */
  request: 1,
  /** Provider → client: accept or refuse (CBOR). */
  response: 2,
  /** Client → provider: payload bytes. */
  data: 3,
  /** Client → provider: every byte was sent. */
  end: 4,
  /** Client → provider: the client cancels the channel (reason, UTF-8). */
  cancel: 5,
  /** Provider → client: the outcome once the bytes are in (CBOR). */
  final: 6,
} as const

/** One frame. */
export interface Frame {
  readonly kind: number
  readonly body: Uint8Array
}

const HEADER = 5

/** Encodes one frame. */
export function encodeFrame(kind: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + body.length)
  out[0] = kind
  new DataView(out.buffer).setUint32(1, body.length)
  out.set(body, HEADER)
  return out
}

/** Reads frames from a stream, bounding each frame's size. */
export class FrameReader {
  readonly #iterator: AsyncIterator<{ subarray(): Uint8Array }>
  readonly #maxBytes: number
  #buffer: Uint8Array = new Uint8Array(0)

  constructor(stream: Stream, maxBytes: number) {
    this.#iterator = stream.source[Symbol.asyncIterator]()
    this.#maxBytes = maxBytes
  }

  /**
   * The next frame, or undefined when the stream ends cleanly between frames. Throws
   * MessageTooLargeError for a frame over the limit, DecodeError when the stream ends inside a
   * frame, StreamResetError when the stream fails.
   */
  async next(): Promise<Frame | undefined> {
    if (!(await this.#fill(HEADER))) {
      if (this.#buffer.length === 0) return undefined
      throw new DecodeError('truncated', 'push frame', 'the stream ended inside a frame header')
    }
    const length = new DataView(this.#buffer.buffer, this.#buffer.byteOffset).getUint32(1)
    if (length > this.#maxBytes) throw new MessageTooLargeError(length, this.#maxBytes)
    if (!(await this.#fill(HEADER + length)))
      throw new DecodeError('truncated', 'push frame', 'the stream ended inside a frame')
    const kind = this.#buffer[0] as number
    const body = this.#buffer.slice(HEADER, HEADER + length)
    this.#buffer = this.#buffer.subarray(HEADER + length)
    return { kind, body }
  }

  /** Stops reading. */
  close(): void {
    void this.#iterator.return?.(undefined)
  }

  async #fill(size: number): Promise<boolean> {
    while (this.#buffer.length < size) {
      let next: IteratorResult<{ subarray(): Uint8Array }>
      try {
        next = await this.#iterator.next()
      } catch (error) {
        throw new StreamResetError(`the push stream failed: ${String(error)}`, { cause: error })
      }
      if (next.done === true) return false
      const chunk = next.value.subarray()
      const grown = new Uint8Array(this.#buffer.length + chunk.length)
      grown.set(this.#buffer)
      grown.set(chunk, this.#buffer.length)
      this.#buffer = grown
    }
    return true
  }
}
