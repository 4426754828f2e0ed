/**
 * Node-only: piece commitments hashed on worker threads. The payload is cut into runs of
 * 127 × 2^n bytes; fr32 turns each into exactly 128 × 2^n bytes, a whole subtree of the piece,
 * whose root a worker computes as the piece of that run alone; the main thread joins the run roots
 * (`run-roots.ts`). The result equals the single-threaded one for every payload.
 *
 * Memory stays bounded: a write waits while `maxRunsInFlight` runs are with the workers, and run
 * buffers travel to a worker and back (transferred, not copied) and are reused. Payloads of at most
 * `parallelThreshold` bytes never start a worker: they are hashed on the calling thread at digest.
 *
 * @module
 */
import { availableParallelism } from 'node:os'
import { AbortError, PieceHashWorkerError } from '../../errors.ts'
import { validateUnpaddedPieceSize } from '../../market/index.ts'
import {
  PARALLEL_THRESHOLD_BYTES,
  type PieceCommitment,
  PieceCommitmentHasher,
  type PieceCommitmentOptions,
  type StreamingPieceHasher,
} from './commitment.ts'
import { pieceCidFromCommitment } from './piece-cid.ts'
import { joinRunRoots } from './run-roots.ts'
import type { PieceRoot } from './wasm-root.ts'
import { defaultWorkerUrl, HashWorkerPool, type RunReply, type RunRequest } from './worker-pool.ts'

/** Default payload bytes per run: 127 × 2^14 (2,080,768), a 2 MiB subtree once padded. */
export const RUN_BYTES = 127 * 2 ** 14

/** Options of {@link ParallelPieceHasher}. */
export interface ParallelPieceHasherOptions extends PieceCommitmentOptions {
  /** Payload bytes per run, 127 × 2^n. @default RUN_BYTES */
  readonly runBytes?: number
  /** Most runs handed to workers and not yet answered. @default 2 × workers */
  readonly maxRunsInFlight?: number
  /** Worker entry file. @default hash-worker next to this module */
  readonly workerUrl?: URL
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 1))
    throw new RangeError(`${name} must be a positive integer, not ${value}`)
  return value
}

/**
 * A {@link StreamingPieceHasher} on worker threads (see the module description). Rejects with
 * AbortError once `options.signal` aborts and with PieceHashWorkerError when a worker fails; either
 * way every worker is terminated. Throws RangeError or InvalidPieceSizeError for invalid options.
 */
export class ParallelPieceHasher implements StreamingPieceHasher {
  readonly #runBytes: number
  readonly #threshold: number
  readonly #workers: number
  readonly #maxInFlight: number
  readonly #workerUrl: URL
  readonly #onProgress: ((bytesHashed: number) => void) | undefined
  readonly #signal: AbortSignal | undefined
  readonly #onAbort = (): void => this.#fail(new AbortError())

  /** The run being filled, and how much of it is. */
  #run: Uint8Array | undefined
  #filled = 0
  /** Runs cut so far; a run's id is its position in the payload. */
  #runCount = 0
  readonly #queued: RunRequest[] = []
  readonly #roots: PieceRoot[] = []
  readonly #spare: ArrayBuffer[] = []
  #written = 0
  #hashed = 0
  #inFlight = 0
  #pool: HashWorkerPool | undefined
  #stopped: Promise<void> | undefined
  #failure: { readonly error: unknown } | undefined
  #waiters: (() => void)[] = []
  #busy = false
  #state: 'open' | 'digested' | 'closed' = 'open'

  constructor(options: ParallelPieceHasherOptions = {}) {
    this.#runBytes = options.runBytes ?? RUN_BYTES
    validateUnpaddedPieceSize(this.#runBytes)
    this.#workers = positiveInteger('workers', options.workers ?? availableParallelism())
    this.#maxInFlight = positiveInteger('maxRunsInFlight', options.maxRunsInFlight ?? 2 * this.#workers)
    this.#threshold = options.parallelThreshold ?? PARALLEL_THRESHOLD_BYTES
    if (!(Number.isSafeInteger(this.#threshold) && this.#threshold >= 0)) {
      throw new RangeError(`parallelThreshold must be a non-negative integer, not ${this.#threshold}`)
    }
    this.#workerUrl = options.workerUrl ?? defaultWorkerUrl()
    this.#onProgress = options.onProgress
    this.#signal = options.signal
    if (this.#signal?.aborted) this.#fail(new AbortError())
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** Worker threads not yet exited (0 before the payload passes the threshold and after close). */
  get liveWorkers(): number {
    return this.#pool?.live ?? 0
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.#enter()
    try {
      let at = 0
      while (at < bytes.length) {
        this.#run ??= new Uint8Array(this.#spare.pop() ?? new ArrayBuffer(this.#runBytes))
        const take = Math.min(this.#runBytes - this.#filled, bytes.length - at)
        this.#run.set(bytes.subarray(at, at + take), this.#filled)
        this.#filled += take
        this.#written += take
        at += take
        if (this.#filled === this.#runBytes) {
          this.#cut()
          await this.#dispatch()
        }
      }
    } finally {
      this.#busy = false
    }
  }

  async digest(): Promise<PieceCommitment> {
    this.#enter()
    this.#state = 'digested'
    try {
      if (this.#pool === undefined && (this.#written <= this.#threshold || this.#runCount === 0)) {
        return this.#digestHere()
      }
      if (this.#filled > 0) this.#cut()
      await this.#dispatch()
      while (this.#inFlight > 0) await this.#change()
      return await this.#join()
    } finally {
      this.#busy = false
    }
  }

  async close(): Promise<void> {
    this.#state = 'closed'
    this.#signal?.removeEventListener('abort', this.#onAbort)
    this.#stop()
    this.#failure ??= { error: new TypeError('the piece hasher was closed') }
    this.#wake()
    this.#queued.length = 0
    this.#spare.length = 0
    this.#run = undefined
    await this.#stopped
  }

  /** Starts a write or the digest: refuses after a failure, after digest or close, and concurrent calls. */
  #enter(): void {
    this.#throwIfFailed()
    if (this.#state !== 'open') throw new TypeError(`the piece hasher was already ${this.#state}`)
    if (this.#busy) throw new TypeError('await each write before the next call')
    this.#busy = true
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure.error
  }

  /** Queues the current run (full, or the short last one). */
  #cut(): void {
    const run = this.#run as Uint8Array
    this.#queued.push({ id: this.#runCount++, buffer: run.buffer as ArrayBuffer, length: this.#filled })
    this.#run = undefined
    this.#filled = 0
  }

  /** Hands queued runs to the workers once the payload is past the threshold, waiting for room. */
  async #dispatch(): Promise<void> {
    if (this.#pool === undefined) {
      if (this.#written <= this.#threshold) return
      this.#startPool()
    }
    const pool = this.#pool as HashWorkerPool
    for (let request = this.#queued.shift(); request !== undefined; request = this.#queued.shift()) {
      while (this.#inFlight >= this.#maxInFlight) await this.#change()
      this.#inFlight++
      pool.submit(request)
    }
  }

  #startPool(): void {
    try {
      this.#pool = new HashWorkerPool(this.#workers, this.#workerUrl, {
        reply: (reply) => this.#onReply(reply),
        failure: (error) => this.#fail(error),
      })
    } catch (error) {
      throw new PieceHashWorkerError('cannot start the piece-hashing workers', { cause: error })
    }
  }

  #onReply(reply: RunReply): void {
    this.#inFlight--
    this.#roots[reply.id] = { root: reply.root, pieceSize: reply.pieceSize }
    this.#hashed += reply.length
    if (this.#state === 'open' && this.#spare.length <= this.#maxInFlight) this.#spare.push(reply.buffer)
    try {
      this.#onProgress?.(this.#hashed)
    } catch (error) {
      // It runs in a worker's message handler: rethrowing would be an uncaught exception.
      this.#fail(error)
    }
    this.#wake()
  }

  /** Resolves at the next reply or failure; throws the failure. */
  async #change(): Promise<void> {
    this.#throwIfFailed()
    await new Promise<void>((resolve) => this.#waiters.push(resolve))
    this.#throwIfFailed()
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const resolve of waiters) resolve()
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return
    this.#failure = { error }
    this.#stop()
    this.#wake()
  }

  #stop(): void {
    if (this.#pool !== undefined && this.#stopped === undefined) this.#stopped = this.#pool.terminate()
  }

  /** The whole commitment on this thread, for a payload that never reached the workers. */
  #digestHere(): PieceCommitment {
    const hasher = new PieceCommitmentHasher()
    try {
      for (const run of this.#queued) hasher.write(new Uint8Array(run.buffer, 0, run.length))
      if (this.#run !== undefined) hasher.write(this.#run.subarray(0, this.#filled))
      this.#queued.length = 0
      const commitment = hasher.digest()
      if (this.#written > 0) this.#onProgress?.(this.#written)
      return commitment
    } finally {
      hasher.dispose()
    }
  }

  /** The piece of the payload from the roots of its runs. */
  async #join(): Promise<PieceCommitment> {
    const { root, pieceSize } = await joinRunRoots(this.#roots, this.#runBytes)
    return { pieceCid: pieceCidFromCommitment(root), pieceSize, payloadSize: this.#written }
  }
}
