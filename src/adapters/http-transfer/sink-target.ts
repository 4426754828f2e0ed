/**
 * A download into a TransferSink (a staging area): chunk 0 streams into the sink, later chunks wait
 * in temporary files and follow it in order once all are complete. The piece commitment is hashed
 * from the bytes as they enter the sink, so nothing is read back.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TransferSink } from '../data-transfer.ts'
import type { AbortOptions } from '../node.ts'
import { type PieceCommitment, PieceCommitmentHasher } from '../piece/commitment.ts'
import type { DownloadTarget, PreparedTarget } from './types.ts'

/** Options of {@link sinkTarget}. */
export interface SinkTargetOptions {
  /** Where chunks after the first wait for their turn. @default os.tmpdir() */
  readonly tmpDir?: string
  /**
   * Hash the bytes into a piece commitment as they enter the sink (needed when the download
   * checks a piece). @default true
   */
  readonly hash?: boolean
}

/**
 * The download target writing into `sink`. A sink starts empty, so a download into it resumes
 * within the process (across broken connections) but starts over after a restart.
 */
export function sinkTarget(sink: TransferSink, options: SinkTargetOptions = {}): DownloadTarget {
  const hasher = options.hash === false ? undefined : new PieceCommitmentHasher()
  const handles = new Map<number, FileHandle>()
  let dir: string | undefined
  let chunks = 1
  let disposed = false
  const chunkPath = (index: number): string => join(dir as string, `chunk-${index}`)
  const closeAll = async (): Promise<void> => {
    const open = [...handles.values()]
    handles.clear()
    await Promise.all(open.map((handle) => handle.close()))
  }
  const toSink = async (bytes: Uint8Array, abort?: AbortOptions): Promise<void> => {
    await sink.write(bytes, abort)
    hasher?.write(bytes)
  }
  return {
    async prepare(wanted: number): Promise<PreparedTarget> {
      chunks = wanted
      if (chunks > 1) dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'fildeal-pull-'))
      return { chunks, stored: new Array<bigint>(chunks).fill(0n) }
    },
    async write(index: number, bytes: Uint8Array, abort?: AbortOptions): Promise<void> {
      if (index === 0) return toSink(bytes, abort)
      let handle = handles.get(index)
      if (handle === undefined) {
        handle = await open(chunkPath(index), 'a')
        handles.set(index, handle)
      }
      await handle.write(bytes)
    },
    async complete(abort?: AbortOptions): Promise<void> {
      await closeAll()
      for (let index = 1; index < chunks; index++) {
        for await (const data of createReadStream(chunkPath(index)) as AsyncIterable<Uint8Array>) {
          await toSink(data, abort)
        }
      }
      await sink.close(abort)
    },
    async commitment(): Promise<PieceCommitment> {
      if (hasher === undefined) throw new TypeError('this sink target was made with hash: false')
      return hasher.digest()
    },
    async release(): Promise<void> {
      await closeAll()
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
      dir = undefined
      if (!disposed) {
        disposed = true
        hasher?.dispose()
      }
    },
  }
}
