import { describe, expect, it } from 'vitest'
import {
  generatePieceCommitment,
  pieceCommitmentOfBytes,
  verifyPieceCommitment,
  zeroPadPieceCid,
} from '../../../src/adapters/piece/index.ts'
import { InvalidPieceSizeError } from '../../../src/errors.ts'
import { pseudoRandomBytes, splitAt } from './bytes.ts'

describe('generatePieceCommitment', () => {
  it('zero-pads the payload commitment up to the deal size', async () => {
    const bytes = pseudoRandomBytes(900)
    const own = pieceCommitmentOfBytes(bytes)
    const result = await generatePieceCommitment(bytes, 8192)
    expect(result.pieceSize).toBe(8192)
    expect(result.payloadSize).toBe(900)
    expect(result.pieceCid.equals(await zeroPadPieceCid(own.pieceCid, own.pieceSize, 8192))).toBe(true)
  })

  it('returns the unpadded commitment when the payload is larger than the deal size', async () => {
    const bytes = pseudoRandomBytes(900)
    const result = await generatePieceCommitment(bytes, 512)
    expect(result.pieceSize).toBe(1024)
    expect(result.pieceCid.equals(pieceCommitmentOfBytes(bytes).pieceCid)).toBe(true)
  })

  it('rejects a deal size that is not a padded piece size', async () => {
    await expect(generatePieceCommitment(new Uint8Array(10), 1000)).rejects.toBeInstanceOf(
      InvalidPieceSizeError,
    )
  })
})

describe('verifyPieceCommitment', () => {
  const bytes = pseudoRandomBytes(2_000, 5)

  it('accepts streamed data whose padded commitment equals the proposal', async () => {
    const expected = {
      pieceCid: await generatePieceCommitment(bytes, 4096).then((c) => c.pieceCid),
      pieceSize: 4096,
    }
    const result = await verifyPieceCommitment(splitAt(bytes, [10, 1_500]), expected)
    expect(result.ok).toBe(true)
    expect(result.computed.payloadSize).toBe(2_000)
  })

  it('reports a mismatch when one byte differs', async () => {
    const expected = pieceCommitmentOfBytes(bytes)
    const altered = Uint8Array.from(bytes)
    altered[1_234] = (altered[1_234] as number) ^ 1
    const result = await verifyPieceCommitment(altered, expected)
    expect(result).toMatchObject({ ok: false, reason: 'piece-cid-mismatch' })
  })

  it('reports a payload that needs a bigger piece than the deal', async () => {
    const small = pieceCommitmentOfBytes(bytes.subarray(0, 100))
    const result = await verifyPieceCommitment(bytes, small)
    expect(result).toMatchObject({ ok: false, reason: 'piece-too-large' })
  })
})
