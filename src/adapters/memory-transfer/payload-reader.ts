/**
 * Reads a payload in pieces of bounded size, remembering its position, so a transfer can pause
 * anywhere and resume exactly where it stopped.
 *
 * @module
 */
import { type ByteSource, chunksOf } from '../piece/byte-source.ts'

const EMPTY = new Uint8Array(0)

/** A forward-only cursor over a payload. */
export class PayloadReader {
  readonly #chunks: AsyncGenerator<Uint8Array>
  #leftover: Uint8Array = EMPTY

  constructor(source: ByteSource) {
    this.#chunks = chunksOf(source)
  }

  /** The next piece of at most `max` bytes (a copy), or undefined at the end of the payload. */
  async read(max: number): Promise<Uint8Array | undefined> {
    while (this.#leftover.length === 0) {
      const next = await this.#chunks.next()
      if (next.done === true) return undefined
      this.#leftover = next.value
    }
    const piece = this.#leftover.subarray(0, max)
    this.#leftover = this.#leftover.subarray(piece.length)
    // A copy, as if it had crossed a wire: the sink may keep it, the source may reuse its buffer.
    return Uint8Array.from(piece)
  }

  /** Releases the source (e.g. closes a file stream). */
  async close(): Promise<void> {
    await this.#chunks.return(undefined)
  }
}
