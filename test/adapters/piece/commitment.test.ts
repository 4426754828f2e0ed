import { Piece } from '@web3-storage/data-segment'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  PieceCommitmentHasher,
  paddedPieceSizeOf,
  pieceCommitmentOf,
  pieceCommitmentOfBytes,
} from '../../../src/adapters/piece/index.ts'
import { AbortError } from '../../../src/errors.ts'
import { pseudoRandomBytes, splitAt } from './bytes.ts'

/** data-segment's independent JS implementation of the same commitment. */
function reference(bytes: Uint8Array): { cid: string; size: number } {
  const piece = Piece.fromPayload(bytes)
  return { cid: piece.toInfo().link.toString(), size: Number(piece.size) }
}

describe('pieceCommitmentOfBytes', () => {
  it.each([0, 1, 64, 65, 126, 127, 128, 253, 254, 255, 508, 509, 1000, 4064, 4065, 65_535, (1 << 20) + 7])(
    'agrees with data-segment on %i bytes',
    (length) => {
      const bytes = pseudoRandomBytes(length, length + 1)
      const ours = pieceCommitmentOfBytes(bytes)
      const theirs = reference(bytes)
      expect(ours.pieceCid.toString()).toBe(theirs.cid)
      expect(ours.pieceSize).toBe(theirs.size)
      expect(ours.payloadSize).toBe(length)
    },
  )

  it('returns v1 piece CIDs in the baga6ea4sea form', () => {
    const { pieceCid } = pieceCommitmentOfBytes(pseudoRandomBytes(300))
    expect(pieceCid.version).toBe(1)
    expect(pieceCid.code).toBe(0xf101)
    expect(pieceCid.multihash.code).toBe(0x1012)
    expect(pieceCid.toString()).toMatch(/^baga6ea4sea/)
  })

  it('puts 127 bytes in a 128-byte piece and 128 bytes in a 256-byte piece', () => {
    expect(pieceCommitmentOfBytes(new Uint8Array(127)).pieceSize).toBe(128)
    expect(pieceCommitmentOfBytes(new Uint8Array(128)).pieceSize).toBe(256)
  })

  it('gives the well-known commitment of a 2 KiB zero piece (2032 zero bytes)', () => {
    const { pieceCid, pieceSize } = pieceCommitmentOfBytes(new Uint8Array(2032))
    expect(pieceCid.toString()).toBe('baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy')
    expect(pieceSize).toBe(2048)
  })
})

describe('paddedPieceSizeOf', () => {
  it('matches the size the hasher reports, around every boundary up to 64 KiB', () => {
    for (let padded = 128; padded <= 65_536; padded *= 2) {
      const capacity = padded - padded / 128
      for (const length of [capacity - 1, capacity, capacity + 1]) {
        expect(paddedPieceSizeOf(length)).toBe(pieceCommitmentOfBytes(new Uint8Array(length)).pieceSize)
      }
    }
  })
})

describe('pieceCommitmentOf', () => {
  it('gives the same commitment streamed, in any chunking, as in memory', async () => {
    const bytes = pseudoRandomBytes(5_000, 7)
    const expected = pieceCommitmentOfBytes(bytes).pieceCid.toString()
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }),
        async (cuts) => {
          async function* chunks(): AsyncGenerator<Uint8Array> {
            yield* splitAt(
              bytes,
              [...cuts].sort((a, b) => a - b),
            )
          }
          expect((await pieceCommitmentOf(chunks())).pieceCid.toString()).toBe(expected)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('accepts bytes, arrays of chunks and async iterables alike', async () => {
    const bytes = pseudoRandomBytes(3_000, 9)
    const parts = splitAt(bytes, [1, 1_000, 2_999])
    const fromBytes = await pieceCommitmentOf(bytes)
    const fromArray = await pieceCommitmentOf(parts)
    expect(fromArray.pieceCid.equals(fromBytes.pieceCid)).toBe(true)
    expect(fromArray.payloadSize).toBe(3_000)
  })

  it('rejects with AbortError when aborted between chunks', async () => {
    const controller = new AbortController()
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10)
      controller.abort()
      yield new Uint8Array(10)
    }
    await expect(pieceCommitmentOf(chunks(), { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    )
  })
})

describe('PieceCommitmentHasher', () => {
  it('splits chunks larger than the WASM slice without changing the result', () => {
    const bytes = pseudoRandomBytes((1 << 20) + (1 << 19), 3)
    const whole = new PieceCommitmentHasher()
    const pieces = new PieceCommitmentHasher()
    try {
      whole.write(bytes)
      for (let at = 0; at < bytes.length; at += 100_000) pieces.write(bytes.subarray(at, at + 100_000))
      expect(whole.digest().pieceCid.equals(pieces.digest().pieceCid)).toBe(true)
      expect(whole.payloadSize).toBe(bytes.length)
    } finally {
      whole.dispose()
      pieces.dispose()
    }
  })

  it('refuses use after dispose', () => {
    const hasher = new PieceCommitmentHasher()
    hasher.dispose()
    expect(() => hasher.write(new Uint8Array(1))).toThrow(TypeError)
  })
})
