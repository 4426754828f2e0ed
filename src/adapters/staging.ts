/**
 * The staging contract: where a provider keeps a deal's bytes between receiving them (a transfer
 * or an offline import) and handing the piece to the sealing subsystem (go-fil-markets' file store
 * plus the inbound CAR files), the piece-commitment function used to check them, and the retrieval
 * index the provider records handed-off pieces in (go-fil-markets' piece store).
 *
 * Implementations: in memory (the embedded default) and a directory of files.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { DealID, PaddedPieceSize } from '../market/index.ts'
import type { TransferSink } from './data-transfer.ts'
import type { AbortOptions } from './node.ts'

/** Name of a staging area inside its store (stored on the deal as InboundCAR or PiecePath). */
export type StagingPath = string

/**
 * Staging areas, each holding the bytes of one payload. Unknown paths are refused with
 * `StagedFileNotFoundError` (`ERR_STAGED_FILE_NOT_FOUND`).
 */
export interface StagingStore {
  /**
   * Create an empty staging area that accepts at most `maxBytes`. `hint` (the proposal CID) only
   * helps naming; the returned path is unique.
   */
  create(hint: string, maxBytes: bigint, options?: AbortOptions): Promise<StagingPath>
  /**
   * A sink writing into the area from its first byte: earlier content is discarded, because a new
   * push sends the payload from the start. A write past the limit rejects with `StagingLimitError`
   * (`ERR_STAGING_LIMIT`) and keeps nothing of that chunk.
   */
  openWriter(path: StagingPath, options?: AbortOptions): Promise<TransferSink>
  /** Mark the area complete (no more writes). Resolves at once when it already is. */
  finalize(path: StagingPath, options?: AbortOptions): Promise<void>
  /** Bytes held by the area. */
  size(path: StagingPath, options?: AbortOptions): Promise<bigint>
  /** The area's bytes from the start; a fresh iteration starts again at the first byte. */
  read(path: StagingPath, options?: AbortOptions): AsyncIterable<Uint8Array>
  /** Remove the area and its bytes. */
  delete(path: StagingPath, options?: AbortOptions): Promise<void>
}

/**
 * Computes the piece commitment (CommP, a fil-commitment-unsealed CID) of a payload zero-padded to
 * `paddedSize` after Fr32 expansion. Rejects when the payload does not fit the piece.
 */
export type PieceCommitmentFunction = (
  payload: AsyncIterable<Uint8Array>,
  paddedSize: PaddedPieceSize,
  options?: AbortOptions,
) => Promise<CID>

/** Where one block of a piece's payload sits, relative to the start of the payload. */
export interface BlockLocation {
  readonly relOffset: bigint
  readonly blockSize: bigint
}

/** One block of a piece's payload and its location. */
export interface PieceBlock {
  readonly cid: CID
  readonly location: BlockLocation
}

/** Where a handed-off deal's piece landed. */
export interface PieceDealInfo {
  readonly proposalCid: CID
  readonly dealId: DealID
  readonly sectorNumber: bigint
  /** Offset of the piece in the sector. */
  readonly offset: PaddedPieceSize
  readonly length: PaddedPieceSize
}

/** The retrieval index of pieces (go-fil-markets' piece store). */
export interface PieceDirectory {
  /** Record the blocks a piece holds. */
  addPieceBlockLocations(pieceCid: CID, blocks: readonly PieceBlock[], options?: AbortOptions): Promise<void>
  /** Record that a deal's piece is in a sector. */
  addDealForPiece(pieceCid: CID, deal: PieceDealInfo, options?: AbortOptions): Promise<void>
}
