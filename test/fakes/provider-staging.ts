import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import type { TransferSink } from '../../src/adapters/data-transfer.ts'
import type { AbortOptions } from '../../src/adapters/node.ts'
import type {
  PieceBlock,
  PieceCommitmentFunction,
  PieceDealInfo,
  PieceDirectory,
  StagingStore,
} from '../../src/adapters/staging.ts'
import { StagedFileNotFoundError, StagingLimitError } from '../../src/errors.ts'
import { Faults } from './provider-faults.ts'

interface Area {
  bytes: Uint8Array
  readonly limit: bigint
  finalized: boolean
}

/** Staging areas in memory; `files` shows what is staged, `deleted` what was removed. */
export class FakeStagingStore implements StagingStore {
  readonly faults = new Faults<'create' | 'openWriter' | 'finalize' | 'size' | 'read' | 'delete'>()
  readonly files = new Map<string, Area>()
  readonly deleted: string[] = []
  #next = 1

  async create(hint: string, maxBytes: bigint, options?: AbortOptions): Promise<string> {
    await this.faults.enter('create', [hint, maxBytes], options?.signal)
    const path = `staging/${this.#next++}-${hint.slice(-8)}`
    this.files.set(path, { bytes: new Uint8Array(), limit: maxBytes, finalized: false })
    return path
  }

  /** Stage a file directly (a test's planted piece or metadata file). */
  plant(path: string, bytes: Uint8Array): void {
    this.files.set(path, { bytes, limit: BigInt(bytes.length), finalized: true })
  }

  async openWriter(path: string, options?: AbortOptions): Promise<TransferSink> {
    await this.faults.enter('openWriter', [path], options?.signal)
    const area = this.#area(path)
    area.bytes = new Uint8Array()
    return {
      write: async (chunk) => {
        if (area.finalized) throw new Error(`${path} is finalized`)
        if (BigInt(area.bytes.length + chunk.length) > area.limit)
          throw new StagingLimitError(path, area.limit)
        const next = new Uint8Array(area.bytes.length + chunk.length)
        next.set(area.bytes)
        next.set(chunk, area.bytes.length)
        area.bytes = next
      },
      close: async () => undefined,
    }
  }

  async finalize(path: string, options?: AbortOptions): Promise<void> {
    await this.faults.enter('finalize', [path], options?.signal)
    this.#area(path).finalized = true
  }

  async size(path: string, options?: AbortOptions): Promise<bigint> {
    await this.faults.enter('size', [path], options?.signal)
    return BigInt(this.#area(path).bytes.length)
  }

  async *read(path: string, options?: AbortOptions): AsyncIterable<Uint8Array> {
    await this.faults.enter('read', [path], options?.signal)
    yield this.#area(path).bytes
  }

  async delete(path: string, options?: AbortOptions): Promise<void> {
    await this.faults.enter('delete', [path], options?.signal)
    this.#area(path)
    this.files.delete(path)
    this.deleted.push(path)
  }

  #area(path: string): Area {
    const area = this.files.get(path)
    if (area === undefined) throw new StagedFileNotFoundError(path)
    return area
  }
}

/**
 * A deterministic stand-in for CommP: sha2-256 of the payload and the padded size, shaped as a
 * piece-commitment CID. Rejects a payload larger than the piece.
 */
export const fakePieceCommitment: PieceCommitmentFunction = async (payload, paddedSize) => {
  const chunks: Uint8Array[] = []
  for await (const chunk of payload) chunks.push(chunk)
  const size = chunks.reduce((n, c) => n + c.length, 0)
  if (size > paddedSize - paddedSize / 128)
    throw new RangeError(`payload of ${size} bytes does not fit the piece`)
  return pieceCidOf(chunks, paddedSize)
}

/** The fake CommP of the given bytes padded to `paddedSize`. */
export async function pieceCidOf(chunks: readonly Uint8Array[], paddedSize: number): Promise<CID> {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0) + 8)
  let at = 0
  for (const chunk of chunks) {
    all.set(chunk, at)
    at += chunk.length
  }
  new DataView(all.buffer).setBigUint64(at, BigInt(paddedSize))
  const digest = await sha256.digest(all)
  return CID.createV1(0xf101, Digest.create(0x1012, digest.digest))
}

/** The retrieval index in memory. */
export class FakePieceDirectory implements PieceDirectory {
  readonly faults = new Faults<'addPieceBlockLocations' | 'addDealForPiece'>()
  readonly blocks = new Map<string, readonly PieceBlock[]>()
  readonly deals = new Map<string, PieceDealInfo[]>()

  async addPieceBlockLocations(pieceCid: CID, blocks: readonly PieceBlock[], options?: AbortOptions) {
    await this.faults.enter('addPieceBlockLocations', [pieceCid, blocks], options?.signal)
    this.blocks.set(pieceCid.toString(), blocks)
  }

  async addDealForPiece(pieceCid: CID, deal: PieceDealInfo, options?: AbortOptions) {
    await this.faults.enter('addDealForPiece', [pieceCid, deal], options?.signal)
    this.deals.set(pieceCid.toString(), [...(this.deals.get(pieceCid.toString()) ?? []), deal])
  }
}
