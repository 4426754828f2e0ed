/**
 * Finding where one CBOR item ends in a byte stream. The market protocols write each message as a
 * single CBOR item with no length prefix, so a reader must walk the item's structure to know when
 * it has all of it. The scanner is incremental: bytes are fed as they arrive and earlier bytes are
 * never walked again, so a peer dribbling a message byte by byte costs linear time.
 *
 * It refuses early what a market decoder would refuse anyway and what would make it buffer
 * without bound: indefinite lengths, reserved headers, nesting deeper than 64, and any declared
 * length or count that cannot fit in the message limit.
 *
 * @module
 */

import { DecodeError, MessageTooLargeError } from '../../errors.ts'

/**
 * Most open containers still waiting for items that the scanner follows; market messages nest
 * fewer than 10 levels. (A container whose last item is itself a container is closed when that
 * item opens, so only levels with items still to come count.)
 */
export const MAX_FRAME_DEPTH = 64

/** Incremental scanner of one CBOR item. */
export class CborFrameScanner {
  readonly #maxBytes: number
  readonly #path: string
  /** Items still expected at each open nesting level; empty once the item is complete. */
  readonly #pending: number[] = [1]
  /** Offset of the next header to read, in the concatenated input. */
  #pos = 0

  /**
   * @param maxBytes - largest item accepted.
   * @param path - name of the message, for errors.
   */
  constructor(maxBytes: number, path: string) {
    this.#maxBytes = maxBytes
    this.#path = path
  }

  /** Length of the complete item, or undefined while more bytes are needed. */
  get length(): number | undefined {
    return this.#pending.length === 0 ? this.#pos : undefined
  }

  /**
   * Walks as far as `bytes` (everything received so far, from the start) allows. Returns the
   * item's length once complete. Throws MessageTooLargeError when the item cannot fit in the
   * limit and DecodeError for malformed input.
   */
  feed(bytes: Uint8Array): number | undefined {
    while (this.#pending.length > 0) {
      const start = this.#pos
      const first = bytes[start]
      if (first === undefined) break
      const major = first >> 5
      const info = first & 0x1f
      let headerLength = 1
      let arg = info
      if (info >= 24) {
        if (info === 31)
          throw new DecodeError('indefinite-length', this.#path, 'indefinite-length item', { offset: start })
        if (info > 27) {
          throw new DecodeError('invalid-cbor', this.#path, `reserved additional information ${info}`, {
            offset: start,
          })
        }
        const size = 1 << (info - 24)
        if (start + 1 + size > bytes.length) break
        let value = 0
        for (let i = 0; i < size; i++) value = value * 256 + (bytes[start + 1 + i] as number)
        headerLength += size
        // Only lengths and counts matter here (floats and big integers are left to the decoder).
        arg = major === 0 || major === 1 || major === 6 || major === 7 ? 0 : value
      }
      let itemEnd = start + headerLength
      let children = 0
      switch (major) {
        case 2:
        case 3:
          if (arg > this.#maxBytes) throw new MessageTooLargeError(arg, this.#maxBytes)
          itemEnd += arg
          if (itemEnd > bytes.length) {
            this.#checkSize(itemEnd)
            return undefined
          }
          break
        case 4:
          children = arg
          break
        case 5:
          children = arg * 2
          break
        case 6:
          children = 1
          break
        default:
          break
      }
      // Every child takes at least one byte: a count beyond the room left cannot fit.
      if (children > this.#maxBytes - itemEnd)
        throw new MessageTooLargeError(itemEnd + children, this.#maxBytes)
      this.#pos = itemEnd
      this.#checkSize(this.#pos)
      this.#consumeOne()
      if (children > 0) {
        if (this.#pending.length >= MAX_FRAME_DEPTH) {
          throw new DecodeError('too-deep', this.#path, `nesting deeper than ${MAX_FRAME_DEPTH}`, {
            offset: start,
          })
        }
        this.#pending.push(children)
      }
    }
    return this.length
  }

  #checkSize(end: number): void {
    if (end > this.#maxBytes) throw new MessageTooLargeError(end, this.#maxBytes)
  }

  /** Counts one finished item against its parent and closes every level that is now full. */
  #consumeOne(): void {
    const top = this.#pending.length - 1
    this.#pending[top] = (this.#pending[top] as number) - 1
    while (this.#pending.length > 0 && this.#pending[this.#pending.length - 1] === 0) this.#pending.pop()
  }
}
