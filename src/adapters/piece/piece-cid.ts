/**
 * Piece CIDs as go-fil-markets puts them in a DealProposal: CID version 1, codec
 * fil-commitment-unsealed, multihash sha2-256-trunc254-padded over the 32-byte root of the
 * piece's binary Merkle tree (`baga6ea4sea…`). The padded size travels beside the CID, not in it.
 *
 * @module
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidPieceCidError } from '../../errors.ts'
import type { PaddedPieceSize } from '../../market/index.ts'

/** Multicodec of unsealed piece commitments. */
export const FIL_COMMITMENT_UNSEALED = 0xf101

/** Multihash code of the truncated (254-bit) SHA-256 used by piece trees. */
export const SHA2_256_TRUNC254_PADDED = 0x1012

/** Bytes in a piece commitment (a tree node). */
export const COMMITMENT_BYTES = 32

/** A piece CID and the padded size of the piece it commits to. */
export interface PieceInfo {
  /** The piece CID (`baga6ea4sea…`). */
  readonly pieceCid: CID
  /** Padded piece size: a power of two, at least 128 bytes. */
  readonly pieceSize: PaddedPieceSize
}

/** The piece CID of a 32-byte commitment. Throws InvalidPieceCidError for any other length. */
export function pieceCidFromCommitment(commitment: Uint8Array): CID {
  if (commitment.length !== COMMITMENT_BYTES) {
    throw new InvalidPieceCidError(
      '(commitment)',
      `${commitment.length} bytes instead of ${COMMITMENT_BYTES}`,
    )
  }
  const digest = Digest.create(SHA2_256_TRUNC254_PADDED, Uint8Array.from(commitment))
  return CID.create(1, FIL_COMMITMENT_UNSEALED, digest)
}

/** Why `cid` is not a piece CID, or undefined when it is one (the provider's check 7 of ValidateDealProposal). */
function pieceCidProblem(cid: CID): string | undefined {
  if (cid.version !== 1) return `CID version ${cid.version}`
  if (cid.code !== FIL_COMMITMENT_UNSEALED) return `codec 0x${cid.code.toString(16)}`
  if (cid.multihash.code !== SHA2_256_TRUNC254_PADDED) return `multihash 0x${cid.multihash.code.toString(16)}`
  if (cid.multihash.size !== COMMITMENT_BYTES) return `digest of ${cid.multihash.size} bytes`
  return undefined
}

/** True when `cid` has exactly the piece-CID prefix and a 32-byte digest. */
export function isPieceCid(cid: CID): boolean {
  return pieceCidProblem(cid) === undefined
}

/** The 32-byte commitment inside a piece CID. Throws InvalidPieceCidError for any other CID. */
export function commitmentOfPieceCid(cid: CID): Uint8Array {
  const problem = pieceCidProblem(cid)
  if (problem !== undefined) throw new InvalidPieceCidError(cid.toString(), problem)
  return cid.multihash.digest
}
