/**
 * Piece sizes. A padded size is what a piece occupies in a sector (a power of two, at least 128
 * bytes); the unpadded size is the payload it holds, since Fr32 padding spends 1 byte in 128
 * (2 bits per 254): unpadded = padded − padded/128.
 *
 * Sizes are JS numbers; every size the network uses (up to 64 GiB sectors) is far below 2^53.
 *
 * @module
 */

import { InvalidPieceSizeError } from '../errors.ts'

/** A padded piece size in bytes (Go `abi.PaddedPieceSize`). */
export type PaddedPieceSize = number

/** An unpadded piece size in bytes (Go `abi.UnpaddedPieceSize`). */
export type UnpaddedPieceSize = number

/** Smallest padded piece. */
export const MIN_PADDED_PIECE_SIZE = 128

/** Smallest unpadded piece. */
export const MIN_UNPADDED_PIECE_SIZE = 127

function isPowerOfTwo(value: number): boolean {
  const big = BigInt(value)
  return big > 0n && (big & (big - 1n)) === 0n
}

function requireSafe(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new InvalidPieceSizeError(size, 'not a non-negative safe integer')
  }
}

/** Throws InvalidPieceSizeError unless `size` is a power of two of at least 128 bytes. */
export function validatePaddedPieceSize(size: PaddedPieceSize): void {
  requireSafe(size)
  if (size < MIN_PADDED_PIECE_SIZE) throw new InvalidPieceSizeError(size, 'below 128 bytes')
  if (!isPowerOfTwo(size)) throw new InvalidPieceSizeError(size, 'not a power of two')
}

/** Throws InvalidPieceSizeError unless `size` is 127 × 2^n bytes. */
export function validateUnpaddedPieceSize(size: UnpaddedPieceSize): void {
  requireSafe(size)
  if (size < MIN_UNPADDED_PIECE_SIZE) throw new InvalidPieceSizeError(size, 'below 127 bytes')
  if (size % 127 !== 0 || !isPowerOfTwo(size / 127)) {
    throw new InvalidPieceSizeError(size, 'not a power-of-two multiple of 127')
  }
}

/** True when `size` is a valid padded piece size. */
export function isValidPaddedPieceSize(size: number): boolean {
  return Number.isSafeInteger(size) && size >= MIN_PADDED_PIECE_SIZE && isPowerOfTwo(size)
}

/** The payload capacity of a padded piece. Throws InvalidPieceSizeError for an invalid padded size. */
export function toUnpaddedSize(padded: PaddedPieceSize): UnpaddedPieceSize {
  validatePaddedPieceSize(padded)
  return padded - padded / 128
}

/** The padded size of an unpadded piece. Throws InvalidPieceSizeError for an invalid unpadded size. */
export function toPaddedSize(unpadded: UnpaddedPieceSize): PaddedPieceSize {
  validateUnpaddedPieceSize(unpadded)
  return unpadded + unpadded / 127
}
