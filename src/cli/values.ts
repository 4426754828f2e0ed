/**
 * Parsers for flag and argument values. Each failure is a {@link UsageError} naming the flag, so the
 * user sees which argument to fix.
 *
 * @module
 */

import { CID } from 'multiformats/cid'
import { FilDealError } from '../errors.ts'
import { isValidPaddedPieceSize, type PaddedPieceSize, parseFil, type TokenAmount } from '../market/index.ts'
import { UsageError } from './errors.ts'

/** Binary multipliers, as Lotus reads sizes: `KB`, `K` and `KiB` all mean 1024 bytes. */
const SIZE_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['', 1n],
  ['k', 1n << 10n],
  ['m', 1n << 20n],
  ['g', 1n << 30n],
  ['t', 1n << 40n],
  ['p', 1n << 50n],
])

const SIZE = /^(\d+)(?:\.(\d+))?\s*([kmgtp]?)(?:i?b)?$/i

/** Parses a whole number in `[min, max]`. */
export function parseInteger(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`
    throw new UsageError('bad-value', `${name} must be a whole number ${range}, got '${text}'`)
  }
  return value
}

/** Parses a positive decimal number (a speed factor). */
export function parsePositive(name: string, text: string): number {
  const value = /^\d+(?:\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError('bad-value', `${name} must be a positive number, got '${text}'`)
  }
  return value
}

/**
 * Parses a byte count written `2048`, `256B`, `2KiB`, `1.5MiB` or `32GiB` (units are binary and
 * case-insensitive, as in Lotus).
 */
export function parseByteSize(name: string, text: string): number {
  const match = SIZE.exec(text.trim())
  const unit = SIZE_UNITS.get((match?.[3] ?? '').toLowerCase())
  if (match === null || unit === undefined) {
    throw new UsageError(
      'bad-value',
      `${name} must be a size such as 2048, 256B, 2KiB or 32GiB, got '${text}'`,
    )
  }
  const fraction = match[2] ?? ''
  const scaled = BigInt(`${match[1]}${fraction}`) * unit
  const divisor = 10n ** BigInt(fraction.length)
  if (scaled % divisor !== 0n || scaled / divisor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new UsageError('bad-value', `${name} must be a whole number of bytes, got '${text}'`)
  }
  return Number(scaled / divisor)
}

/** Parses a padded piece size: a power of two of at least 128 bytes, e.g. `256B` or `32GiB`. */
export function parsePieceSize(name: string, text: string): PaddedPieceSize {
  const size = parseByteSize(name, text)
  if (!isValidPaddedPieceSize(size)) {
    throw new UsageError('bad-value', `${name} must be a power of two of at least 128 bytes, got '${text}'`)
  }
  return size
}

/** Parses a FIL amount the way Lotus does (`0.0000000005`, `500000000 attoFIL`, `5 nFIL`). */
export function parseFilValue(name: string, text: string): TokenAmount {
  let amount: TokenAmount
  try {
    amount = parseFil(text)
  } catch (error) {
    const detail = error instanceof FilDealError ? error.message : String(error)
    throw new UsageError('bad-value', `${name}: ${detail}`, { cause: error })
  }
  if (amount < 0n) throw new UsageError('bad-value', `${name} must not be negative, got '${text}'`)
  return amount
}

/** Parses a CID in its string form. */
export function parseCid(name: string, text: string): CID {
  try {
    return CID.parse(text)
  } catch (error) {
    throw new UsageError('bad-value', `${name} is not a CID: '${text}'`, { cause: error })
  }
}
