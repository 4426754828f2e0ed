import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { commitmentOfPieceCid, pieceCommitmentOfBytes } from '../../../src/adapters/piece/index.ts'
import { joinRunRoots } from '../../../src/adapters/piece/run-roots.ts'
import type { PieceRoot } from '../../../src/adapters/piece/wasm-root.ts'
import { pseudoRandomBytes } from './bytes.ts'

/** Each run's own piece, computed on this thread. */
function runRoots(bytes: Uint8Array, runBytes: number): PieceRoot[] {
  const roots: PieceRoot[] = []
  for (let at = 0; at < bytes.length; at += runBytes) {
    const { pieceCid, pieceSize } = pieceCommitmentOfBytes(bytes.subarray(at, at + runBytes))
    roots.push({ root: commitmentOfPieceCid(pieceCid), pieceSize })
  }
  return roots
}

async function agrees(length: number, runBytes: number): Promise<void> {
  const bytes = pseudoRandomBytes(length, length + runBytes)
  const whole = pieceCommitmentOfBytes(bytes)
  const joined = await joinRunRoots(runRoots(bytes, runBytes), runBytes)
  expect(Buffer.from(joined.root).toString('hex')).toBe(
    Buffer.from(commitmentOfPieceCid(whole.pieceCid)).toString('hex'),
  )
  expect(joined.pieceSize).toBe(whole.pieceSize)
}

describe('joinRunRoots', () => {
  it('gives the whole piece around every run-count boundary', async () => {
    for (const runBytes of [127, 254, 508]) {
      for (const runs of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17]) {
        for (const delta of [-1, 0, 1]) await agrees(runs * runBytes + delta, runBytes)
      }
    }
  })

  it('gives the whole piece for any length and run size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 40 * 127 }),
        async (k, length) => agrees(length, 127 * 2 ** k),
      ),
      { numRuns: 150 },
    )
  })

  it('refuses an empty list', async () => {
    await expect(joinRunRoots([], 127)).rejects.toBeInstanceOf(RangeError)
  })
})
