/**
 * The check a pull makes before it reports success (boost-mk12.md §9.4): the commitment of the
 * downloaded bytes, zero-padded up to the proposal's piece size, must be the proposal's piece CID.
 *
 * @module
 */
import { PieceCommitmentMismatchError } from '../../errors.ts'
import type { PieceCommitment } from '../piece/commitment.ts'
import { zeroPadPieceCid } from '../piece/zero-pad.ts'
import type { ExpectedPiece } from './types.ts'

/** Throws PieceCommitmentMismatchError unless `own` (unpadded) matches `expected`. */
export async function checkPiece(own: PieceCommitment, expected: ExpectedPiece): Promise<void> {
  if (own.payloadSize === 0) {
    throw new PieceCommitmentMismatchError(expected.pieceCid.toString(), 'empty file')
  }
  if (own.pieceSize > expected.pieceSize) {
    throw new PieceCommitmentMismatchError(
      expected.pieceCid.toString(),
      `${own.pieceCid} (a ${own.pieceSize}-byte piece, larger than the deal's ${expected.pieceSize})`,
    )
  }
  const padded =
    own.pieceSize === expected.pieceSize
      ? own.pieceCid
      : await zeroPadPieceCid(own.pieceCid, own.pieceSize, expected.pieceSize)
  const wanted = expected.pieceCid.toString()
  if (padded.toString() !== wanted) throw new PieceCommitmentMismatchError(wanted, padded.toString())
}
