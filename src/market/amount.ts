/**
 * Token amounts: arbitrary-precision signed integers of attoFIL, held as bigint, and their Filecoin
 * big-int byte form used inside CBOR byte strings.
 *
 * @module
 */

import { InvalidAmountError } from '../errors.ts'

/** An amount of attoFIL (10⁻¹⁸ FIL). Negative values are representable, as in Go. */
export type TokenAmount = bigint

/** attoFIL in one FIL. */
export const ATTO_PER_FIL = 10n ** 18n

/**
 * Longest big-int byte form Filecoin accepts: the sign byte plus at most 127 magnitude bytes.
 * Larger values fail to encode (and to decode), as in go-state-types.
 */
export const MAX_BIG_INT_BYTES = 128

/**
 * The big-int byte form: empty for zero, otherwise a sign byte (0 positive, 1 negative) and the
 * magnitude in big-endian order without leading zero bytes. Throws InvalidAmountError above
 * {@link MAX_BIG_INT_BYTES}.
 */
export function bigIntToBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0)
  const magnitude = value < 0n ? -value : value
  let hex = magnitude.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  const length = hex.length / 2
  if (length + 1 > MAX_BIG_INT_BYTES) {
    throw new InvalidAmountError(
      `amount needs ${length + 1} bytes, more than the ${MAX_BIG_INT_BYTES} allowed`,
    )
  }
  const out = new Uint8Array(length + 1)
  out[0] = value < 0n ? 1 : 0
  for (let i = 0; i < length; i++) out[i + 1] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/**
 * Reads the big-int byte form. Only the shortest form is accepted (no leading zero magnitude byte,
 * no sign byte without magnitude), so decoding and re-encoding always gives back the same bytes.
 * Throws InvalidAmountError otherwise.
 */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n
  if (bytes.length > MAX_BIG_INT_BYTES) {
    throw new InvalidAmountError(`big-int byte form of ${bytes.length} bytes exceeds ${MAX_BIG_INT_BYTES}`)
  }
  const sign = bytes[0]
  if (sign !== 0 && sign !== 1) throw new InvalidAmountError(`big-int sign byte must be 0 or 1, not ${sign}`)
  if (bytes.length === 1 || bytes[1] === 0) {
    throw new InvalidAmountError('big-int magnitude is empty or has a leading zero byte (not canonical)')
  }
  let magnitude = 0n
  for (let i = 1; i < bytes.length; i++) magnitude = (magnitude << 8n) | BigInt(bytes[i] as number)
  return sign === 1 ? -magnitude : magnitude
}
