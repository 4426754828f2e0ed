/**
 * The piece handed to the sealing subsystem: the staged payload followed by zeros up to the
 * piece's unpadded size (the reference's zero-padding reader).
 *
 * @module
 */

import type { PieceReader } from '../../adapters/node.ts'
import type { StagingStore } from '../../adapters/staging.ts'

const ZEROS = new Uint8Array(64 * 1024)

/** A restartable reader of `path` padded with zeros to `size` bytes. */
export function zeroPaddedPiece(staging: StagingStore, path: string, size: bigint): PieceReader {
  return {
    size,
    async *open(options) {
      let sent = 0n
      for await (const chunk of staging.read(path, options)) {
        sent += BigInt(chunk.length)
        if (sent > size) throw new RangeError(`the staged payload exceeds the piece's ${size} bytes`)
        yield chunk
      }
      while (sent < size) {
        const n = size - sent < BigInt(ZEROS.length) ? Number(size - sent) : ZEROS.length
        yield ZEROS.subarray(0, n)
        sent += BigInt(n)
      }
    },
  }
}
