import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createPieceHasher,
  type PieceCommitment,
  pieceCommitmentOf,
  pieceCommitmentOfBytes,
  singleThreadPieceCommitmentOf,
} from '../../../src/adapters/piece/commitment.ts'
import {
  ParallelPieceHasher,
  type ParallelPieceHasherOptions,
  RUN_BYTES,
} from '../../../src/adapters/piece/parallel-hasher.ts'
import { defaultWorkerUrl } from '../../../src/adapters/piece/worker-pool.ts'
import { AbortError, InvalidPieceSizeError, PieceHashWorkerError } from '../../../src/errors.ts'
import { pseudoRandomBytes, splitAt } from './bytes.ts'

// Each hasher here starts its own workers, which from TypeScript sources first load tsx (a few hundred
// milliseconds), and each run is a message round trip, so the cases are few and small; the joining of run roots is checked at length in run-roots.test.ts.

const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url)

interface Hashed {
  readonly cid: string
  readonly pieceSize: number
  readonly payloadSize: number
  readonly workersAfterClose: number
}

/** Hashes `chunks` with a fresh parallel hasher, always closing it. */
async function hashParallel(
  chunks: readonly Uint8Array[],
  options: ParallelPieceHasherOptions,
): Promise<Hashed> {
  const hasher = new ParallelPieceHasher(options)
  try {
    for (const chunk of chunks) await hasher.write(chunk)
    const { pieceCid, pieceSize, payloadSize } = await hasher.digest()
    await hasher.close()
    return { cid: pieceCid.toString(), pieceSize, payloadSize, workersAfterClose: hasher.liveWorkers }
  } finally {
    await hasher.close()
  }
}

function expectSameAsSingleThread(payload: Uint8Array, ours: Hashed): void {
  const expected = pieceCommitmentOfBytes(payload)
  expect({ length: payload.length, cid: ours.cid, pieceSize: ours.pieceSize }).toEqual({
    length: payload.length,
    cid: expected.pieceCid.toString(),
    pieceSize: expected.pieceSize,
  })
  expect(ours.payloadSize).toBe(payload.length)
  expect(ours.workersAfterClose).toBe(0)
}

/** A source that yields `first`, then waits until `signal` aborts before yielding more. */
async function* stallAfter(first: Uint8Array, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  yield first
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
  yield first
}

describe('ParallelPieceHasher', () => {
  it('equals the single-threaded commitment around run and piece boundaries', async () => {
    // One run and a byte; then 10 runs and a short one (11, then 3 nodes: odd counts at two levels).
    // The progress test below covers a power of two of runs and a byte.
    const bytes = pseudoRandomBytes(2586, 11)
    for (const [length, runBytes] of [
      [128, 127],
      [2586, 254],
    ] as const) {
      const payload = bytes.subarray(0, length)
      const options = { runBytes, parallelThreshold: 0, workers: 1 }
      expectSameAsSingleThread(payload, await hashParallel([payload], options))
    }
  })

  it('equals the single-threaded commitment for any length, chunking, run size and queue depth', async () => {
    // From 1 to 16 runs per case: each run is a message round trip.
    const bytes = pseudoRandomBytes(2000, 5)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: bytes.length }),
        fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        async (length, cuts, k, maxRunsInFlight) => {
          const payload = bytes.subarray(0, length)
          const chunks = splitAt(
            payload,
            cuts.filter((cut) => cut <= length).sort((a, b) => a - b),
          )
          const options = { runBytes: 127 * 2 ** k, parallelThreshold: 0, workers: 2, maxRunsInFlight }
          expectSameAsSingleThread(payload, await hashParallel(chunks, options))
        },
      ),
      { numRuns: 3 },
    )
  })

  it('hashes payloads up to the threshold on the calling thread, without starting a worker', async () => {
    for (const length of [0, 1, 127, 4000]) {
      const payload = pseudoRandomBytes(length, 3)
      const hasher = new ParallelPieceHasher({ runBytes: 127, parallelThreshold: 4000 })
      try {
        await hasher.write(payload)
        const { pieceCid, pieceSize } = await hasher.digest()
        expect(hasher.liveWorkers).toBe(0)
        const expected = pieceCommitmentOfBytes(payload)
        expect(pieceCid.equals(expected.pieceCid)).toBe(true)
        expect(pieceSize).toBe(expected.pieceSize)
      } finally {
        await hasher.close()
      }
    }
  })

  it('reports the bytes hashed, run by run, up to the whole payload', async () => {
    const payload = pseudoRandomBytes(127 * 8 + 1, 4)
    const progress: number[] = []
    const hasher = new ParallelPieceHasher({
      runBytes: 127,
      parallelThreshold: 0,
      workers: 1,
      onProgress: (bytes) => progress.push(bytes),
    })
    let commitment: PieceCommitment
    try {
      await hasher.write(payload)
      commitment = await hasher.digest()
    } finally {
      await hasher.close()
    }
    expect(progress).toHaveLength(9)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
    expect(progress.at(-1)).toBe(payload.length)
    expect(commitment.pieceCid.equals(pieceCommitmentOfBytes(payload).pieceCid)).toBe(true)
  })

  it('runs the worker entry next to its own module: hash-worker.ts from the sources', () => {
    expect(defaultWorkerUrl().pathname).toMatch(/\/src\/adapters\/piece\/hash-worker\.ts$/)
  })

  it('refuses writes after the digest and invalid options', async () => {
    const hasher = new ParallelPieceHasher()
    await hasher.digest()
    await expect(hasher.write(new Uint8Array(1))).rejects.toBeInstanceOf(TypeError)
    await hasher.close()
    expect(() => new ParallelPieceHasher({ runBytes: 128 })).toThrow(InvalidPieceSizeError)
    expect(() => new ParallelPieceHasher({ workers: 0 })).toThrow(RangeError)
    expect(() => new ParallelPieceHasher({ maxRunsInFlight: 1.5 })).toThrow(RangeError)
    expect(() => new ParallelPieceHasher({ parallelThreshold: -1 })).toThrow(RangeError)
  })
})

describe('ParallelPieceHasher failures', () => {
  const payload = pseudoRandomBytes(127 * 20, 8)
  const options = (worker: string): ParallelPieceHasherOptions => ({
    runBytes: 127,
    parallelThreshold: 0,
    workers: 1,
    workerUrl: fixture(worker),
  })

  it.each([
    ['exits', 'exiting-worker.mjs', /exited with code 3/],
    ['throws', 'throwing-worker.mjs', /hashing failed on purpose/],
    ['cannot load its entry file', 'missing-worker.ts', /failed/],
  ])(
    'rejects with PieceHashWorkerError when a worker %s, and stops every worker',
    async (_, worker, message) => {
      const hasher = new ParallelPieceHasher(options(worker))
      const run = async (): Promise<void> => {
        await hasher.write(payload)
        await hasher.digest()
      }
      const error = await run().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(PieceHashWorkerError)
      expect((error as PieceHashWorkerError).code).toBe('ERR_PIECE_HASH_WORKER')
      expect((error as Error).message).toMatch(message)
      await hasher.close()
      expect(hasher.liveWorkers).toBe(0)
    },
  )

  it('rejects with AbortError when aborted while workers are busy, and stops them', async () => {
    const controller = new AbortController()
    const hasher = new ParallelPieceHasher({
      ...options('silent-worker.mjs'),
      maxRunsInFlight: 2,
      signal: controller.signal,
    })
    const pending = (async () => {
      await hasher.write(payload)
      await hasher.digest()
    })()
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toBeInstanceOf(AbortError)
    await hasher.close()
    expect(hasher.liveWorkers).toBe(0)
  })

  it('rejects with the error of a progress callback that throws', async () => {
    const failure = new Error('progress listener failed')
    const hasher = new ParallelPieceHasher({
      runBytes: 127,
      parallelThreshold: 0,
      workers: 1,
      onProgress: () => {
        throw failure
      },
    })
    const run = async (): Promise<void> => {
      await hasher.write(payload)
      await hasher.digest()
    }
    await expect(run()).rejects.toBe(failure)
    await hasher.close()
    expect(hasher.liveWorkers).toBe(0)
  })

  it('rejects at once when the signal is already aborted', async () => {
    const hasher = new ParallelPieceHasher({ signal: AbortSignal.abort() })
    await expect(hasher.write(new Uint8Array(1))).rejects.toBeInstanceOf(AbortError)
    await hasher.close()
  })
})

describe('pieceCommitmentOf on worker threads', () => {
  it('hashes a payload above the threshold on workers, with the single-threaded result', async () => {
    const payload = pseudoRandomBytes(3 * RUN_BYTES + 1000, 12)
    const progress: number[] = []
    const ours = await pieceCommitmentOf(payload, {
      parallelThreshold: RUN_BYTES,
      onProgress: (n) => progress.push(n),
    })
    const single = await singleThreadPieceCommitmentOf(payload)
    expect(ours.pieceCid.equals(single.pieceCid)).toBe(true)
    expect(ours.pieceSize).toBe(single.pieceSize)
    expect(ours.payloadSize).toBe(payload.length)
    // One report per run: the work went through the workers.
    expect(progress).toHaveLength(4)
    expect(progress.at(-1)).toBe(payload.length)
  })

  it('stops a streamed computation on abort and rejects with AbortError', async () => {
    const controller = new AbortController()
    const source = stallAfter(pseudoRandomBytes(2 * RUN_BYTES, 13), controller.signal)
    const pending = pieceCommitmentOf(source, { parallelThreshold: 0, workers: 1, signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toBeInstanceOf(AbortError)
  })

  it('hashes on the calling thread when workers is 0, and refuses invalid options', async () => {
    const hasher = await createPieceHasher({ workers: 0 })
    expect(hasher).not.toBeInstanceOf(ParallelPieceHasher)
    await hasher.close()
    await expect(pieceCommitmentOf(new Uint8Array(1), { workers: -1 })).rejects.toBeInstanceOf(RangeError)
    await expect(pieceCommitmentOf(new Uint8Array(1), { parallelThreshold: 0.5 })).rejects.toBeInstanceOf(
      RangeError,
    )
  })
})
