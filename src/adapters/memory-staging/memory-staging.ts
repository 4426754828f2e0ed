/**
 * Staging areas held in memory: the embedded default for a provider whose deals need not survive
 * the process.
 *
 * @module
 */
import { AbortError, AdapterError, StagedFileNotFoundError, StagingLimitError } from '../../errors.ts'
import type { TransferSink } from '../data-transfer.ts'
import type { AbortOptions, PieceReader } from '../node.ts'
import type { StagingPath, StagingStore } from '../staging.ts'

interface Area {
  chunks: Uint8Array[]
  size: bigint
  readonly limit: bigint
  finalized: boolean
  /** Bumped by every openWriter, so a writer of an earlier push cannot add to the new one. */
  generation: number
}

function check(options: AbortOptions | undefined): void {
  if (options?.signal?.aborted === true) throw new AbortError(undefined, { cause: options.signal.reason })
}

/**
 * Staging areas in memory. Paths are `memory:<n>-<hint>`; each area refuses bytes past the limit
 * it was created with.
 *
 * @example
 * const staging = new MemoryStagingStore()
 * const path = await staging.create(proposalCid.toString(), 1024n)
 * const sink = await staging.openWriter(path)
 * await sink.write(bytes)
 */
export class MemoryStagingStore implements StagingStore {
  readonly #areas = new Map<StagingPath, Area>()
  #next = 1

  async create(hint: string, maxBytes: bigint, options?: AbortOptions): Promise<StagingPath> {
    check(options)
    if (maxBytes < 0n) throw new RangeError(`a staging limit cannot be negative: ${maxBytes}`)
    const path = `memory:${this.#next++}-${hint.slice(-12)}`
    this.#areas.set(path, { chunks: [], size: 0n, limit: maxBytes, finalized: false, generation: 0 })
    return path
  }

  async openWriter(path: StagingPath, options?: AbortOptions): Promise<TransferSink> {
    check(options)
    const area = this.#area(path)
    area.chunks = []
    area.size = 0n
    area.finalized = false
    const generation = ++area.generation
    const live = (): Area => {
      if (this.#areas.get(path) !== area) throw new StagedFileNotFoundError(path)
      if (area.generation !== generation)
        throw new AdapterError(`a newer push replaced this writer of ${path}`)
      return area
    }
    return {
      write: async (chunk, writeOptions) => {
        check(writeOptions)
        const target = live()
        if (target.finalized) throw new AdapterError(`${path} is finalized`)
        if (target.size + BigInt(chunk.length) > target.limit) throw new StagingLimitError(path, target.limit)
        // The sender may reuse its buffer once the write resolves.
        target.chunks.push(Uint8Array.from(chunk))
        target.size += BigInt(chunk.length)
      },
      close: async () => {
        live()
      },
    }
  }

  async finalize(path: StagingPath, options?: AbortOptions): Promise<void> {
    check(options)
    this.#area(path).finalized = true
  }

  async size(path: StagingPath, options?: AbortOptions): Promise<bigint> {
    check(options)
    return this.#area(path).size
  }

  async *read(path: StagingPath, options?: AbortOptions): AsyncIterable<Uint8Array> {
    check(options)
    // A snapshot: a push restarting meanwhile does not change what this reader sees.
    const chunks = [...this.#area(path).chunks]
    for (const chunk of chunks) {
      check(options)
      yield chunk
    }
  }

  async delete(path: StagingPath, options?: AbortOptions): Promise<void> {
    check(options)
    this.#area(path)
    this.#areas.delete(path)
  }

  /** The staged bytes of `path` as a PieceReader (e.g. for a hand-off to a sealer). */
  async pieceReader(path: StagingPath, options?: AbortOptions): Promise<PieceReader> {
    const size = await this.size(path, options)
    return { size, open: (openOptions) => this.read(path, openOptions) }
  }

  /** Paths of the areas held, oldest first. */
  paths(): StagingPath[] {
    return [...this.#areas.keys()]
  }

  #area(path: StagingPath): Area {
    const area = this.#areas.get(path)
    if (area === undefined) throw new StagedFileNotFoundError(path)
    return area
  }
}
