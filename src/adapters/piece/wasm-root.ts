/**
 * Reading the FRC-0069 WASM piece hasher: feeding it in bounded slices, and taking the tree root and
 * padded size out of its multihash. Shared by the calling-thread hasher and the hashing workers.
 *
 * @module
 */
import type { create } from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'

/** Largest slice copied into the WASM hasher at once; bigger chunks are split, so WASM memory stays small. */
export const HASHER_SLICE_BYTES = 1 << 20

/** Bytes in a piece tree node. */
const NODE_BYTES = 32

/** An instance of the WASM piece hasher. */
export type WasmPieceHasher = ReturnType<typeof create>

/** The root of a piece tree and the padded size of the piece. */
export interface PieceRoot {
  /** The 32-byte root node (the commitment). */
  readonly root: Uint8Array
  /** Padded piece size: a power of two, at least 128 bytes. */
  readonly pieceSize: number
}

/** Appends `bytes` to `hasher` in slices of at most {@link HASHER_SLICE_BYTES}. */
export function writeSliced(hasher: WasmPieceHasher, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; at += HASHER_SLICE_BYTES) {
    hasher.write(bytes.subarray(at, at + HASHER_SLICE_BYTES))
  }
}

/** The root and padded size of everything written to `hasher` so far; writing may continue afterwards. */
export function rootOf(hasher: WasmPieceHasher): PieceRoot {
  // The FRC-0069 digest is varint(padding) ‖ height ‖ root; its length grows with the payload,
  // so the buffer is sized only now.
  const multihash = new Uint8Array(hasher.multihashByteLength())
  hasher.digestInto(multihash, 0, true)
  const height = multihash[multihash.length - NODE_BYTES - 1] as number
  return { root: multihash.slice(multihash.length - NODE_BYTES), pieceSize: NODE_BYTES * 2 ** height }
}
