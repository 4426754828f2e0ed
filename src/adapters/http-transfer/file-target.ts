/**
 * A download into a file, resumable across restarts as Boost's is: chunk 0 is written straight
 * into the output file, chunk i > 0 into `<path>.chunk-<i>`, and the chunk count is frozen in
 * `<path>.ctrl` so a restarted download keeps its chunking. When every chunk is complete the
 * others are appended to the output in order and removed.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import { type FileHandle, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { AdapterError, HttpTransferSizeExceededError } from '../../errors.ts'
import type { AbortOptions } from '../node.ts'
import type { PieceCommitment } from '../piece/commitment.ts'
import { pieceCommitmentOfFile } from '../piece/node-files.ts'
import type { DownloadTarget, PreparedTarget } from './types.ts'

async function sizeOf(path: string): Promise<bigint> {
  try {
    return BigInt((await stat(path)).size)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 0n
    throw new AdapterError(`cannot read ${path}`, { cause: error })
  }
}

async function storedChunks(control: string): Promise<number | undefined> {
  try {
    const value = JSON.parse(await readFile(control, 'utf8')) as { chunks?: unknown }
    return typeof value.chunks === 'number' && Number.isInteger(value.chunks) && value.chunks > 0
      ? value.chunks
      : undefined
  } catch {
    return undefined
  }
}

/** The download target writing the file at `path` (created when missing, resumed when present). */
export function fileTarget(path: string): DownloadTarget {
  const handles = new Map<number, FileHandle>()
  let chunks = 1
  const control = `${path}.ctrl`
  const chunkPath = (index: number): string => (index === 0 ? path : `${path}.chunk-${index}`)
  const closeAll = async (): Promise<void> => {
    const open = [...handles.values()]
    handles.clear()
    await Promise.all(open.map((handle) => handle.close()))
  }
  return {
    async prepare(wanted: number, size: bigint): Promise<PreparedTarget> {
      const frozen = await storedChunks(control)
      if (frozen === undefined && size > 0n && (await sizeOf(path)) === size) {
        // A finished download (its control file is gone): nothing to fetch.
        chunks = 1
        return { chunks, stored: [size] }
      }
      chunks = frozen ?? wanted
      await writeFile(control, JSON.stringify({ chunks }))
      const stored = await Promise.all(Array.from({ length: chunks }, (_, index) => sizeOf(chunkPath(index))))
      const total = stored.reduce((sum, bytes) => sum + bytes, 0n)
      if (total > size) throw new HttpTransferSizeExceededError(size, 0n)
      return { chunks, stored }
    },
    async write(index: number, bytes: Uint8Array): Promise<void> {
      let handle = handles.get(index)
      if (handle === undefined) {
        handle = await open(chunkPath(index), 'a')
        handles.set(index, handle)
      }
      await handle.write(bytes)
    },
    async complete(): Promise<void> {
      await closeAll()
      const output = await open(path, 'a')
      try {
        for (let index = 1; index < chunks; index++) {
          for await (const data of createReadStream(chunkPath(index)) as AsyncIterable<Uint8Array>) {
            await output.write(data)
          }
        }
      } finally {
        await output.close()
      }
      for (let index = 1; index < chunks; index++) await rm(chunkPath(index), { force: true })
      await rm(control, { force: true })
    },
    commitment(options?: AbortOptions): Promise<PieceCommitment> {
      return pieceCommitmentOfFile(path, options)
    },
    release: closeAll,
  }
}
