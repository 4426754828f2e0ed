/**
 * The provider's piece-commitment function on the FRC-0069 fr32 hasher.
 *
 * @module
 */

import { generatePieceCommitment } from '../adapters/piece/index.ts'
import type { PieceCommitmentFunction } from '../adapters/staging.ts'

/**
 * CommP of a payload zero-padded to `paddedSize`, computed with the real fr32 hasher. Rejects with
 * RangeError when the payload needs a larger piece.
 */
export const fr32PieceCommitment: PieceCommitmentFunction = async (payload, paddedSize, options) => {
  const computed = await generatePieceCommitment(payload, paddedSize, options)
  if (computed.pieceSize > paddedSize) {
    throw new RangeError(
      `the payload needs a ${computed.pieceSize}-byte piece, more than ${paddedSize} bytes`,
    )
  }
  return computed.pieceCid
}
