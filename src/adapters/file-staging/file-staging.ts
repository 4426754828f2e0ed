/**
 * Staging areas as files under one directory. Each area is `<name>.stage` with a sidecar
 * `<name>.json` holding its limit and whether it is finalized, so a restarted provider finds its
 * staged data and the limit it must keep enforcing.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { type FileHandle, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AbortError, AdapterError, StagedFileNotFoundError, StagingLimitError } from '../../errors.ts'
import type { TransferSink } from '../data-transfer.ts'
import type { AbortOptions, PieceReader } from '../node.ts'
import { readFileChunks } from '../piece/node-files.ts'
import type { StagingPath, StagingStore } from '../staging.ts'

interface AreaMeta {
  readonly limit: string
  readonly finalized: boolean
}

function check(options: AbortOptions | undefined): void {
  if (options?.signal?.aborted === true) throw new AbortError(undefined, { cause: options.signal.reason })
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

/**
 * Staging areas on disk under `dir`. Paths are names relative to `dir`, so the directory can move
 * between runs.
 *
 * @example
 * const staging = new FileStagingStore('/var/lib/fildeal/staging')
 * const path = await staging.create(proposalCid.toString(), 1024n)
 */
export class FileStagingStore implements StagingStore {
  readonly #dir: string
  /** Generation of the latest writer per path, so a writer of an earlier push cannot add to a new one. */
  readonly #writers = new Map<StagingPath, number>()
  #generation = 0

  constructor(dir: string) {
    this.#dir = dir
  }

  async create(hint: string, maxBytes: bigint, options?: AbortOptions): Promise<StagingPath> {
    check(options)
    if (maxBytes < 0n) throw new RangeError(`a staging limit cannot be negative: ${maxBytes}`)
    await mkdir(this.#dir, { recursive: true })
    const safe = hint.replace(/[^A-Za-z0-9]/g, '').slice(-16)
    for (;;) {
      const path = `${safe}-${randomBytes(4).toString('hex')}`
      try {
        // 'wx' fails on an existing name, so two areas never share a file.
        await writeFile(this.#data(path), new Uint8Array(), { flag: 'wx' })
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EEXIST') continue
        throw new AdapterError(`cannot create a staging area in ${this.#dir}`, { cause: error })
      }
      await this.#writeMeta(path, { limit: maxBytes.toString(), finalized: false })
      return path
    }
  }

  async openWriter(path: StagingPath, options?: AbortOptions): Promise<TransferSink> {
    check(options)
    const meta = await this.#meta(path)
    const limit = BigInt(meta.limit)
    await this.#writeMeta(path, { ...meta, finalized: false })
    const generation = ++this.#generation
    this.#writers.set(path, generation)
    let handle: FileHandle | undefined = await open(this.#data(path), 'w')
    let size = 0n
    const live = (): FileHandle => {
      if (this.#writers.get(path) !== generation || handle === undefined) {
        throw new AdapterError(`a newer push replaced this writer of ${path}`)
      }
      return handle
    }
    return {
      write: async (chunk, writeOptions) => {
        check(writeOptions)
        const file = live()
        if (size + BigInt(chunk.length) > limit) throw new StagingLimitError(path, limit)
        await file.write(chunk)
        size += BigInt(chunk.length)
      },
      close: async () => {
        const file = handle
        handle = undefined
        await file?.close()
      },
    }
  }

  async finalize(path: StagingPath, options?: AbortOptions): Promise<void> {
    check(options)
    const meta = await this.#meta(path)
    if (!meta.finalized) await this.#writeMeta(path, { ...meta, finalized: true })
  }

  async size(path: StagingPath, options?: AbortOptions): Promise<bigint> {
    check(options)
    await this.#meta(path)
    try {
      return BigInt((await stat(this.#data(path))).size)
    } catch (error) {
      throw this.#failure(path, error)
    }
  }

  async *read(path: StagingPath, options?: AbortOptions): AsyncIterable<Uint8Array> {
    check(options)
    await this.#meta(path)
    yield* readFileChunks(this.#data(path), options?.signal)
  }

  async delete(path: StagingPath, options?: AbortOptions): Promise<void> {
    check(options)
    await this.#meta(path)
    this.#writers.delete(path)
    await rm(this.#data(path), { force: true })
    await rm(this.#metaFile(path), { force: true })
  }

  /** The staged bytes of `path` as a PieceReader (e.g. for a hand-off to a sealer). */
  async pieceReader(path: StagingPath, options?: AbortOptions): Promise<PieceReader> {
    const size = await this.size(path, options)
    return { size, open: (openOptions) => this.read(path, openOptions) }
  }

  #data(path: StagingPath): string {
    return join(this.#dir, `${path}.stage`)
  }

  #metaFile(path: StagingPath): string {
    return join(this.#dir, `${path}.json`)
  }

  async #meta(path: StagingPath): Promise<AreaMeta> {
    if (path === '' || path.includes('/') || path.includes('\\') || path.startsWith('.')) {
      throw new StagedFileNotFoundError(path)
    }
    try {
      return JSON.parse(await readFile(this.#metaFile(path), 'utf8')) as AreaMeta
    } catch (error) {
      throw this.#failure(path, error)
    }
  }

  async #writeMeta(path: StagingPath, meta: AreaMeta): Promise<void> {
    await writeFile(this.#metaFile(path), JSON.stringify(meta))
  }

  #failure(path: StagingPath, error: unknown): Error {
    if (isMissing(error)) return new StagedFileNotFoundError(path, { cause: error })
    return new AdapterError(`staging area ${path} cannot be read`, { cause: error })
  }
}
