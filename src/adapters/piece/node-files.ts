/**
 * Node-only: files as payload sources, and their piece commitments. Kept apart from the rest of
 * src/adapters/piece so that browsers can use the byte and stream helpers without `node:fs`.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import { AdapterError, FilDealError } from '../../errors.ts'
import { chunksOf } from './byte-source.ts'
import { type PieceCommitment, type PieceCommitmentOptions, pieceCommitmentOf } from './commitment.ts'

/** Read size for files; matches the payload chunk size so imports rarely split a read. */
const READ_BYTES = 1 << 20

/**
 * The chunks of the file at `path`, read sequentially with bounded memory. File-system failures
 * become {@link AdapterError} with the original error as `cause`; an abort is an AbortError.
 */
export async function* readFileChunks(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: READ_BYTES })
  try {
    for await (const chunk of chunksOf(stream as AsyncIterable<Uint8Array>, signal)) yield chunk
  } catch (error) {
    if (error instanceof FilDealError) throw error
    throw new AdapterError(`cannot read ${path}`, { cause: error })
  } finally {
    stream.destroy()
  }
}

/**
 * A re-iterable source of the file at `path`: every iteration opens the file again from the
 * start, so a transfer can be restarted from it (e.g. a CAR registered with the memory transfer).
 */
export function fileSource(path: string): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => readFileChunks(path) }
}

/**
 * The piece commitment of the file at `path`, streamed with bounded memory; on worker threads for
 * files larger than `options.parallelThreshold` (see {@link pieceCommitmentOf}).
 */
export async function pieceCommitmentOfFile(
  path: string,
  options?: PieceCommitmentOptions,
): Promise<PieceCommitment> {
  return pieceCommitmentOf(readFileChunks(path, options?.signal), options)
}
