/**
 * The provider's data check (go-fil-markets VerifyData / GeneratePieceCommitment): the
 * commitment of the received payload, zero-padded up to the deal's padded piece size, must equal
 * the proposal's piece CID.
 *
 * @module
 */
import { type PaddedPieceSize, validatePaddedPieceSize } from '../../market/index.ts'
import type { ByteSource } from './byte-source.ts'
import { type PieceCommitment, type PieceCommitmentOptions, pieceCommitmentOf } from './commitment.ts'
import type { PieceInfo } from './piece-cid.ts'
import { zeroPadPieceCid } from './zero-pad.ts'

/**
 * The commitment of `source` as the provider computes it for a deal of `dealSize` (padded): when
 * the payload's own piece is smaller, its CID is zero-padded up to `dealSize`. When it is larger,
 * the unpadded commitment is returned (as the reference does), which then fails the comparison.
 * Throws InvalidPieceSizeError for an invalid `dealSize`.
 */
export async function generatePieceCommitment(
  source: ByteSource,
  dealSize: PaddedPieceSize,
  options?: PieceCommitmentOptions,
): Promise<PieceCommitment> {
  validatePaddedPieceSize(dealSize)
  const own = await pieceCommitmentOf(source, options)
  if (own.pieceSize >= dealSize) return own
  return {
    pieceCid: await zeroPadPieceCid(own.pieceCid, own.pieceSize, dealSize),
    pieceSize: dealSize,
    payloadSize: own.payloadSize,
  }
}

/**
 * Outcome of {@link verifyPieceCommitment}. `computed` is what {@link generatePieceCommitment}
 * returned. Reasons: `piece-too-large` (the payload needs a bigger piece than the deal's),
 * `piece-cid-mismatch` (the commitments differ).
 */
export type PieceVerification =
  | { readonly ok: true; readonly computed: PieceCommitment }
  | {
      readonly ok: false
      readonly reason: 'piece-too-large' | 'piece-cid-mismatch'
      readonly computed: PieceCommitment
      /** Human-readable explanation, for the deal's message. */
      readonly message: string
    }

/**
 * Checks a received payload against the proposal's piece CID and padded size. Rejects only when
 * the payload cannot be read or hashed (or `expected.pieceSize` is invalid); a mismatch is a
 * result, so callers can tell "commP computation failed" from "commP differs".
 */
export async function verifyPieceCommitment(
  source: ByteSource,
  expected: PieceInfo,
  options?: PieceCommitmentOptions,
): Promise<PieceVerification> {
  const computed = await generatePieceCommitment(source, expected.pieceSize, options)
  if (computed.pieceSize > expected.pieceSize) {
    const message = `the payload needs a ${computed.pieceSize}-byte piece, larger than the deal's ${expected.pieceSize} bytes`
    return { ok: false, reason: 'piece-too-large', computed, message }
  }
  if (!computed.pieceCid.equals(expected.pieceCid)) {
    const message = `computed piece CID ${computed.pieceCid} differs from the proposal's ${expected.pieceCid}`
    return { ok: false, reason: 'piece-cid-mismatch', computed, message }
  }
  return { ok: true, computed }
}
