/**
 * Fields for cbor-gen's scalar Go types: unsigned and signed integers, bools, strings, times and
 * peer IDs.
 *
 * @module
 */

import { EncodeError } from '../../errors.ts'
import type { Field } from './field.ts'
import { hasSurrogates, textFromWire, textToWire } from './text.ts'
import { RawText } from './writer.ts'

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MAX_U64 = 2n ** 64n - 1n
const MIN_I64 = -(2n ** 63n)
const MAX_I64 = 2n ** 63n - 1n

/** Go uint64 held as a JS number: decoding refuses values above 2^53 − 1. */
export const uintField: Field<number> = {
  read: (reader, path) => Number(reader.uint(path, MAX_SAFE)),
  write(value, path) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new EncodeError(path, `${value} is not a safe unsigned integer`)
    return value
  },
  zero: () => 0,
}

/** Go int64 held as a JS number: decoding refuses values outside the safe-integer range. */
export const intField: Field<number> = {
  read: (reader, path) => Number(reader.int(path, -MAX_SAFE, MAX_SAFE)),
  write(value, path) {
    if (!Number.isSafeInteger(value)) throw new EncodeError(path, `${value} is not a safe integer`)
    return value
  },
  zero: () => 0,
}

/** Go uint64 held as a bigint (the full range). */
export const uint64Field: Field<bigint> = {
  read: (reader, path) => reader.uint(path, MAX_U64),
  write(value, path) {
    if (typeof value !== 'bigint' || value < 0n || value > MAX_U64) {
      throw new EncodeError(path, `${value} is not a 64-bit unsigned integer`)
    }
    return value
  },
  zero: () => 0n,
}

/** Go int64 held as a bigint; Go `CborTime` (nanoseconds since the Unix epoch) uses it. */
export const int64Field: Field<bigint> = {
  read: (reader, path) => reader.int(path, MIN_I64, MAX_I64),
  write(value, path) {
    if (typeof value !== 'bigint' || value < MIN_I64 || value > MAX_I64) {
      throw new EncodeError(path, `${value} is not a 64-bit signed integer`)
    }
    return value
  },
  zero: () => 0n,
}

/** Go bool. */
export const boolField: Field<boolean> = {
  read: (reader, path) => reader.bool(path),
  write(value, path) {
    if (typeof value !== 'boolean') throw new EncodeError(path, 'expected a boolean')
    return value
  },
  zero: () => false,
}

/** Go string: any bytes, kept losslessly (see text.ts). */
export const stringField: Field<string> = {
  read: (reader, path) => textFromWire(reader.textBytes(path)),
  write(value, path) {
    if (typeof value !== 'string') throw new EncodeError(path, 'expected a string')
    // Only strings carrying escaped raw bytes (or lone surrogates) differ from plain UTF-8 output.
    return hasSurrogates(value) ? new RawText(textToWire(value)) : value
  },
  zero: () => '',
}

/** Go `peer.ID`: a text string holding the raw peer-ID bytes. */
export const peerIdField: Field<Uint8Array> = {
  read: (reader, path) => reader.textBytes(path).slice(),
  write(value, path) {
    if (!(value instanceof Uint8Array)) throw new EncodeError(path, 'expected peer ID bytes')
    return new RawText(value)
  },
  zero: () => new Uint8Array(0),
}
