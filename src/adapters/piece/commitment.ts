/**
 * Piece commitments (CommP) of payloads, computed with the FRC-0069 piece hasher (a Rust/WASM
 * implementation of the fr32-padded binary SHA-256-trunc254 tree) and returned as the v1 piece
 * CIDs go-fil-markets uses. Memory stays bounded whatever the payload size: the hasher keeps one
 * path of the tree, and input is handed to WASM in slices of at most {@link HASHER_SLICE_BYTES}.
 *
 * Under Node, payloads larger than {@link PARALLEL_THRESHOLD_BYTES} are hashed on worker threads
 * (`parallel-hasher.ts`, loaded only then); elsewhere, and for smaller payloads, on the calling thread.
 *
 * @module
 */
import { create } from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'
import type { AbortOptions } from '../node.ts'
import { type ByteSource, chunksOf } from './byte-source.ts'
import { type PieceInfo, pieceCidFromCommitment } from './piece-cid.ts'
import { HASHER_SLICE_BYTES, rootOf, type WasmPieceHasher, writeSliced } from './wasm-root.ts'

export { HASHER_SLICE_BYTES }

/** Payloads up to this many bytes are hashed on the calling thread by default (8 MiB). */
export const PARALLEL_THRESHOLD_BYTES = 8 << 20

/** A piece CID, its padded size, and how many payload bytes it covers. */
export interface PieceCommitment extends PieceInfo {
  /** Payload bytes hashed (before fr32 and zero padding). */
  readonly payloadSize: number
}

/** Options of {@link pieceCommitmentOf} and {@link createPieceHasher}. */
export interface PieceCommitmentOptions extends AbortOptions {
  /**
   * Called with the number of payload bytes hashed so far, each time that number grows (once per
   * hashed run of about 2 MB on worker threads; after each write on the calling thread).
   */
  readonly onProgress?: (bytesHashed: number) => void
  /**
   * Worker threads hashing large payloads (Node only). `0` hashes on the calling thread whatever
   * the size. Must be a non-negative integer.
   *
   * @default os.availableParallelism()
   */
  readonly workers?: number
  /**
   * Payloads of at most this many bytes are hashed on the calling thread: starting workers costs
   * more than it saves on small payloads.
   *
   * @default PARALLEL_THRESHOLD_BYTES (8 MiB)
   */
  readonly parallelThreshold?: number
}

/**
 * An incremental piece hasher whose work may run on other threads. Write the payload in order,
 * awaiting each write (a write waits while enough work is queued, which is how memory stays
 * bounded), then call {@link StreamingPieceHasher.digest} once, and always
 * {@link StreamingPieceHasher.close}.
 */
export interface StreamingPieceHasher {
  /** Appends payload bytes; `bytes` may be reused once the returned promise settles. */
  write(bytes: Uint8Array): Promise<void>
  /** The commitment of everything written; no writes may follow. */
  digest(): Promise<PieceCommitment>
  /** Releases threads and WASM memory; safe to call more than once. */
  close(): Promise<void>
}

/**
 * The padded piece size of a payload of `payloadSize` bytes: the smallest power of two, at least
 * 128, whose fr32 capacity (127/128 of it) holds the payload.
 */
export function paddedPieceSizeOf(payloadSize: number): number {
  let padded = 128
  while (padded - padded / 128 < payloadSize) padded *= 2
  return padded
}

/**
 * An incremental piece-commitment calculator on the calling thread. Call
 * {@link PieceCommitmentHasher.dispose} when done: the WASM side has no garbage collector.
 */
export class PieceCommitmentHasher {
  #hasher: WasmPieceHasher | undefined = create()

  #live(): WasmPieceHasher {
    if (this.#hasher === undefined) throw new TypeError('the piece hasher was disposed')
    return this.#hasher
  }

  /** Appends payload bytes. */
  write(bytes: Uint8Array): this {
    writeSliced(this.#live(), bytes)
    return this
  }

  /** Payload bytes written so far. */
  get payloadSize(): number {
    return Number(this.#live().count())
  }

  /** The commitment of everything written so far; writing may continue afterwards. */
  digest(): PieceCommitment {
    const hasher = this.#live()
    const { root, pieceSize } = rootOf(hasher)
    return { pieceCid: pieceCidFromCommitment(root), pieceSize, payloadSize: Number(hasher.count()) }
  }

  /** Releases the WASM memory. The hasher cannot be used afterwards. */
  dispose(): void {
    this.#hasher?.free()
    this.#hasher = undefined
  }
}

/** The commitment of a payload held in memory, on the calling thread. */
export function pieceCommitmentOfBytes(bytes: Uint8Array): PieceCommitment {
  const hasher = new PieceCommitmentHasher()
  try {
    return hasher.write(bytes).digest()
  } finally {
    hasher.dispose()
  }
}

/** {@link StreamingPieceHasher} on the calling thread. */
class InThreadPieceHasher implements StreamingPieceHasher {
  readonly #hasher = new PieceCommitmentHasher()
  readonly #onProgress: ((bytesHashed: number) => void) | undefined

  constructor(onProgress: ((bytesHashed: number) => void) | undefined) {
    this.#onProgress = onProgress
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.#hasher.write(bytes)
    if (bytes.length > 0) this.#onProgress?.(this.#hasher.payloadSize)
  }

  async digest(): Promise<PieceCommitment> {
    return this.#hasher.digest()
  }

  async close(): Promise<void> {
    this.#hasher.dispose()
  }
}

/** Worker threads exist here (Node, or a runtime with its `node:worker_threads`). */
function hasWorkerThreads(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string'
}

/** Throws RangeError for a `workers` or `parallelThreshold` option that is not a non-negative integer. */
function checkOptions(options: PieceCommitmentOptions | undefined): void {
  for (const name of ['workers', 'parallelThreshold'] as const) {
    const value = options?.[name]
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new RangeError(`${name} must be a non-negative integer, not ${value}`)
    }
  }
}

/**
 * A {@link StreamingPieceHasher}: on worker threads for payloads larger than
 * `options.parallelThreshold` under Node (unless `options.workers` is 0), on the calling thread
 * otherwise. Either gives the same commitment. Throws RangeError for invalid options.
 */
export async function createPieceHasher(options?: PieceCommitmentOptions): Promise<StreamingPieceHasher> {
  checkOptions(options)
  if (options?.workers === 0 || !hasWorkerThreads()) return new InThreadPieceHasher(options?.onProgress)
  const { ParallelPieceHasher } = await import('./parallel-hasher.ts')
  return new ParallelPieceHasher(options)
}

/** Hashes every chunk of `source` with `hasher`, then closes it. */
async function drive(
  hasher: StreamingPieceHasher,
  source: ByteSource,
  signal: AbortSignal | undefined,
): Promise<PieceCommitment> {
  try {
    for await (const chunk of chunksOf(source, signal)) await hasher.write(chunk)
    return await hasher.digest()
  } finally {
    await hasher.close()
  }
}

/**
 * The commitment of a payload given as bytes or chunks, streamed with bounded memory. Under Node,
 * payloads larger than `options.parallelThreshold` (8 MiB) are hashed on `options.workers` worker
 * threads, in independent subtrees; the result is the same as {@link singleThreadPieceCommitmentOf}.
 * Rejects with AbortError when `options.signal` aborts, with PieceHashWorkerError when a worker
 * fails, and with RangeError for invalid options.
 *
 * @example
 * const { pieceCid, pieceSize } = await pieceCommitmentOf(carChunks, { onProgress: console.log })
 */
export async function pieceCommitmentOf(
  source: ByteSource,
  options?: PieceCommitmentOptions,
): Promise<PieceCommitment> {
  checkOptions(options)
  const threshold = options?.parallelThreshold ?? PARALLEL_THRESHOLD_BYTES
  if (source instanceof Uint8Array && source.length <= threshold) {
    return singleThreadPieceCommitmentOf(source, options)
  }
  return drive(await createPieceHasher(options), source, options?.signal)
}

/**
 * {@link pieceCommitmentOf} on the calling thread only, whatever the payload size (about 15 MB/s;
 * it blocks the thread while it hashes each chunk). Rejects with AbortError when `options.signal`
 * aborts.
 */
export async function singleThreadPieceCommitmentOf(
  source: ByteSource,
  options?: Pick<PieceCommitmentOptions, 'signal' | 'onProgress'>,
): Promise<PieceCommitment> {
  return drive(new InThreadPieceHasher(options?.onProgress), source, options?.signal)
}
