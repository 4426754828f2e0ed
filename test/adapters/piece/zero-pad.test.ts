import { describe, expect, it } from 'vitest'
import {
  commitmentOfPieceCid,
  pieceCommitmentOfBytes,
  zeroPadCommitment,
  zeroPadPieceCid,
} from '../../../src/adapters/piece/index.ts'
import { InvalidPieceSizeError } from '../../../src/errors.ts'
import { pseudoRandomBytes } from './bytes.ts'

/** The commitment of `bytes` followed by zeros up to the capacity of a `padded` piece, via the hasher. */
function hashedWithZeros(bytes: Uint8Array, padded: number): string {
  const filled = new Uint8Array(padded - padded / 128)
  filled.set(bytes)
  return pieceCommitmentOfBytes(filled).pieceCid.toString()
}

describe('zeroPadPieceCid', () => {
  it.each([
    [1, 128, 128],
    [200, 256, 4096],
    [127, 128, 256],
    [1000, 1024, 65_536],
    [3000, 4096, 8192],
  ])(
    'pads the commitment of %i bytes from %i to %i like feeding the hasher zeros',
    async (length, from, to) => {
      const bytes = pseudoRandomBytes(length, length)
      const own = pieceCommitmentOfBytes(bytes)
      expect(own.pieceSize).toBe(from)
      const padded = await zeroPadPieceCid(own.pieceCid, from, to)
      expect(padded.toString()).toBe(hashedWithZeros(bytes, to))
    },
  )

  it('turns the smallest zero piece into the well-known 2 KiB zero piece', async () => {
    const zero128 = pieceCommitmentOfBytes(new Uint8Array(127)).pieceCid
    const zero2k = await zeroPadPieceCid(zero128, 128, 2048)
    expect(zero2k.toString()).toBe('baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy')
  })

  it('pads to a 32 GiB deal size in 28 hashes rather than 32 GiB of zeros', async () => {
    const own = pieceCommitmentOfBytes(pseudoRandomBytes(100))
    const huge = await zeroPadPieceCid(own.pieceCid, 128, 32 * 2 ** 30)
    const viaSteps = await zeroPadPieceCid(
      await zeroPadPieceCid(own.pieceCid, 128, 2 ** 20),
      2 ** 20,
      32 * 2 ** 30,
    )
    expect(huge.equals(viaSteps)).toBe(true)
  })

  it('refuses to shrink or to use sizes that are not padded piece sizes', async () => {
    const { pieceCid } = pieceCommitmentOfBytes(pseudoRandomBytes(300))
    const commitment = commitmentOfPieceCid(pieceCid)
    await expect(zeroPadCommitment(commitment, 512, 256)).rejects.toBeInstanceOf(InvalidPieceSizeError)
    await expect(zeroPadCommitment(commitment, 512, 1000)).rejects.toBeInstanceOf(InvalidPieceSizeError)
    await expect(zeroPadCommitment(commitment, 64, 512)).rejects.toBeInstanceOf(InvalidPieceSizeError)
  })
})
