/**
 * Piece commitments (CommP) of payloads, computed with the FRC-0069 piece hasher (a Rust/WASM
 * implementation of the fr32-padded binary SHA-256-trunc254 tree) and returned as the v1 piece
 * CIDs go-fil-markets uses. Memory stays bounded whatever the payload size: the hasher keeps one
 * path of the tree, and input is handed to WASM in slices of at most {@link HASHER_SLICE_BYTES}.
 *
 * @module
 */
import { create } from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'
import type { AbortOptions } from '../node.ts'
import { type ByteSource, chunksOf } from './byte-source.ts'
import { COMMITMENT_BYTES, type PieceInfo, pieceCidFromCommitment } from './piece-cid.ts'

/** Largest slice copied into the WASM hasher at once; bigger chunks are split, so WASM memory stays small. */
export const HASHER_SLICE_BYTES = 1 << 20

/** A piece CID, its padded size, and how many payload bytes it covers. */
export interface PieceCommitment extends PieceInfo {
  /** Payload bytes hashed (before fr32 and zero padding). */
  readonly payloadSize: number
}

/**
 * The padded piece size of a payload of `payloadSize` bytes: the smallest power of two, at least
 * 128, whose fr32 capacity (127/128 of it) holds the payload.
 */
export function paddedPieceSizeOf(payloadSize: number): number {
  let padded = 128
  while (padded - padded / 128 < payloadSize) padded *= 2
  return padded
}

type WasmHasher = ReturnType<typeof create>

/**
 * An incremental piece-commitment calculator. Call {@link PieceCommitmentHasher.dispose} when done:
 * the WASM side has no garbage collector.
 */
export class PieceCommitmentHasher {
  #hasher: WasmHasher | undefined = create()

  #live(): WasmHasher {
    if (this.#hasher === undefined) throw new TypeError('the piece hasher was disposed')
    return this.#hasher
  }

  /** Appends payload bytes. */
  write(bytes: Uint8Array): this {
    const hasher = this.#live()
    for (let at = 0; at < bytes.length; at += HASHER_SLICE_BYTES) {
      hasher.write(bytes.subarray(at, at + HASHER_SLICE_BYTES))
    }
    return this
  }

  /** Payload bytes written so far. */
  get payloadSize(): number {
    return Number(this.#live().count())
  }

  /** The commitment of everything written so far; writing may continue afterwards. */
  digest(): PieceCommitment {
    const hasher = this.#live()
    // The FRC-0069 digest is varint(padding) ‖ height ‖ root; its length grows with the
    // payload, so the buffer is sized only now.
    const multihash = new Uint8Array(hasher.multihashByteLength())
    hasher.digestInto(multihash, 0, true)
    const root = multihash.subarray(multihash.length - COMMITMENT_BYTES)
    const height = multihash[multihash.length - COMMITMENT_BYTES - 1] as number
    return {
      pieceCid: pieceCidFromCommitment(root),
      pieceSize: COMMITMENT_BYTES * 2 ** height,
      payloadSize: Number(hasher.count()),
    }
  }

  /** Releases the WASM memory. The hasher cannot be used afterwards. */
  dispose(): void {
    this.#hasher?.free()
    this.#hasher = undefined
  }
}

/** The commitment of a payload held in memory. */
export function pieceCommitmentOfBytes(bytes: Uint8Array): PieceCommitment {
  const hasher = new PieceCommitmentHasher()
  try {
    return hasher.write(bytes).digest()
  } finally {
    hasher.dispose()
  }
}

/**
 * The commitment of a payload given as bytes or chunks, streamed with bounded memory. Rejects
 * with AbortError when `options.signal` aborts.
 *
 * @example
 * const { pieceCid, pieceSize } = await pieceCommitmentOf(carChunks)
 */
export async function pieceCommitmentOf(
  source: ByteSource,
  options?: AbortOptions,
): Promise<PieceCommitment> {
  const hasher = new PieceCommitmentHasher()
  try {
    for await (const chunk of chunksOf(source, options?.signal)) hasher.write(chunk)
    return hasher.digest()
  } finally {
    hasher.dispose()
  }
}
