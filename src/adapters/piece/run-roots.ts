/**
 * Joining the roots of consecutive runs into the root of the whole piece. A run of 127 × 2^n
 * payload bytes is exactly the subtree of 128 × 2^n padded bytes at its position, so the piece is
 * the binary tree over the run roots: the short last run is zero-padded up to a full run, and a
 * node without a right sibling pairs with the all-zero subtree of its level (the piece's own zero
 * padding up to a power of two).
 *
 * @module
 */
import { COMMITMENT_BYTES } from './piece-cid.ts'
import type { PieceRoot } from './wasm-root.ts'
import { parentCommitment, zeroCommitment, zeroPadCommitment } from './zero-pad.ts'

/**
 * The root and padded size of the piece made of `runs`, in payload order, each the own piece of a
 * run of `runBytes` payload bytes (127 × 2^n; the last run may be shorter). A single run is the
 * piece itself. `runs` must not be empty.
 */
export async function joinRunRoots(runs: readonly PieceRoot[], runBytes: number): Promise<PieceRoot> {
  const [first] = runs
  if (first === undefined) throw new RangeError('no runs to join')
  if (runs.length === 1) return first
  let size = (runBytes / 127) * 128
  let level: Uint8Array[] = []
  for (const { root, pieceSize } of runs) {
    level.push(pieceSize < size ? await zeroPadCommitment(root, pieceSize, size) : root)
  }
  while (level.length > 1) {
    const zero = await zeroCommitment(Math.log2(size / COMMITMENT_BYTES))
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) {
      next.push(await parentCommitment(level[i] as Uint8Array, level[i + 1] ?? zero))
    }
    level = next
    size *= 2
  }
  return { root: level[0] as Uint8Array, pieceSize: size }
}
