/**
 * The sealing subsystem as the provider node sees it: where `onDealComplete` hands a deal's piece.
 * The simulated chain's sealing miner implements it; a real deployment would put a sealing pipeline
 * (lotus-miner, Curio) behind it.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { DealProposal, UnpaddedPieceSize } from '../../market/index.ts'
import type { AbortOptions, PackingResult, PieceReader } from '../node.ts'

/** A published deal's piece, ready to be packed into a sector. */
export interface SealerPiece {
  readonly dealId: bigint
  readonly proposal: DealProposal
  /** The publish message, when known. */
  readonly publishCid: CID | undefined
  readonly pieceSize: UnpaddedPieceSize
  readonly piece: PieceReader
}

/** Packs pieces into sectors and seals them. */
export interface Sealer {
  /** Adds the piece to a sector; resolves with where it landed. */
  handOff(piece: SealerPiece, options?: AbortOptions): Promise<PackingResult>
}
