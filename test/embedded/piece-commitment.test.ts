/** The provider's piece-commitment function on the real fr32 hasher. */
import { describe, expect, it } from 'vitest'
import { buildCar, generatePieceCommitment, pieceCommitmentOfBytes } from '../../src/adapters/piece/index.ts'
import { fr32PieceCommitment } from '../../src/embedded/index.ts'

async function* chunks(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts
}

describe('fr32PieceCommitment', () => {
  it('is the commitment of the payload zero-padded to the deal size', async () => {
    const { car, pieceCid, pieceSize } = await buildCar(new TextEncoder().encode('hello piece'.repeat(50)))
    expect(await fr32PieceCommitment(chunks(car), pieceSize)).toEqual(pieceCid)
    const padded = await generatePieceCommitment(car, pieceSize * 4)
    expect(await fr32PieceCommitment(chunks(car.subarray(0, 100), car.subarray(100)), pieceSize * 4)).toEqual(
      padded.pieceCid,
    )
    expect(padded.pieceCid.equals(pieceCid)).toBe(false)
  })

  it('rejects a payload that needs a larger piece', async () => {
    const bytes = new Uint8Array(300)
    expect(pieceCommitmentOfBytes(bytes).pieceSize).toBe(512)
    await expect(fr32PieceCommitment(chunks(bytes), 256)).rejects.toBeInstanceOf(RangeError)
  })
})
