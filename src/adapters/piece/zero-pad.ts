/**
 * Growing a piece commitment to a larger padded size, as if the payload had been followed by
 * zeros. A piece padded with zeros to twice its size is the tree whose left half is the piece
 * and right half an all-zero subtree of the same height, so each doubling is one hash of the
 * commitment with the zero commitment of its level. That costs one SHA-256 per doubling where
 * feeding the hasher zeros would cost the whole padded size (gigabytes for a 32 GiB deal).
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { InvalidPieceSizeError } from '../../errors.ts'
import { type PaddedPieceSize, validatePaddedPieceSize } from '../../market/index.ts'
import { COMMITMENT_BYTES, commitmentOfPieceCid, pieceCidFromCommitment } from './piece-cid.ts'

/** A parent node of the piece tree: SHA-256 of both children, truncated to 254 bits. */
export async function parentCommitment(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(2 * COMMITMENT_BYTES)
  input.set(left, 0)
  input.set(right, COMMITMENT_BYTES)
  const node = Uint8Array.from((await sha256.digest(input)).digest)
  node[COMMITMENT_BYTES - 1] = (node[COMMITMENT_BYTES - 1] as number) & 0b0011_1111
  return node
}

// Index n is the commitment of 32 × 2^n zero bytes; grown on demand, shared by all callers.
const zeroCommitments: Uint8Array[] = [new Uint8Array(COMMITMENT_BYTES)]

/** The commitment of an all-zero piece of `level` doublings above one 32-byte leaf. */
export async function zeroCommitment(level: number): Promise<Uint8Array> {
  while (zeroCommitments.length <= level) {
    const below = zeroCommitments[zeroCommitments.length - 1] as Uint8Array
    zeroCommitments.push(await parentCommitment(below, below))
  }
  return zeroCommitments[level] as Uint8Array
}

/**
 * The commitment of a `fromSize` piece zero-padded to `toSize` (both padded sizes). Throws
 * InvalidPieceSizeError for invalid sizes or when `toSize` is smaller than `fromSize`.
 */
export async function zeroPadCommitment(
  commitment: Uint8Array,
  fromSize: PaddedPieceSize,
  toSize: PaddedPieceSize,
): Promise<Uint8Array> {
  validatePaddedPieceSize(fromSize)
  validatePaddedPieceSize(toSize)
  if (toSize < fromSize) throw new InvalidPieceSizeError(toSize, `smaller than the piece (${fromSize} bytes)`)
  let node = commitment
  let level = Math.log2(fromSize / COMMITMENT_BYTES)
  for (let size = fromSize; size < toSize; size *= 2) {
    node = await parentCommitment(node, await zeroCommitment(level))
    level++
  }
  return node
}

/** {@link zeroPadCommitment} on piece CIDs. Throws InvalidPieceCidError for a CID that is not a piece CID. */
export async function zeroPadPieceCid(
  pieceCid: CID,
  fromSize: PaddedPieceSize,
  toSize: PaddedPieceSize,
): Promise<CID> {
  return pieceCidFromCommitment(await zeroPadCommitment(commitmentOfPieceCid(pieceCid), fromSize, toSize))
}
