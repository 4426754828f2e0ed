/**
 * Reading the scalar JSON forms of the Lotus API with the path of each value in errors: objects,
 * integers (JSON numbers, parsed exactly by {@link parseJson}), big ints (decimal strings), byte
 * strings (standard base64) and booleans. Every failure is a DecodeError.
 *
 * @module
 */
import { base64pad } from 'multiformats/bases/base64'
import { DecodeError, type DecodeErrorReason } from '../../../errors.ts'
import type { JsonValue } from './text.ts'

/** A JSON object as read from the wire. */
export type JsonObject = { readonly [key: string]: JsonValue }

/** Throws the DecodeError for `path`. */
export function fail(reason: DecodeErrorReason, path: string, detail: string, cause?: unknown): never {
  throw new DecodeError(reason, path, detail, cause === undefined ? {} : { cause })
}

/** The value as an object; arrays and null are refused. */
export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('wrong-type', path, 'expected an object')
  }
  return value as JsonObject
}

/** Member `key` of an object; absent is a `missing-field` failure. */
export function member(object: JsonObject, key: string, path: string): JsonValue {
  const value = optionalMember(object, key)
  if (value === undefined) return fail('missing-field', `${path}.${key}`, 'required member is absent')
  return value
}

/** Member `key` of an object, or undefined when absent (older nodes leave newer members out). */
export function optionalMember(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

/** The value as an array. */
export function asArray(value: unknown, path: string): readonly JsonValue[] {
  if (!Array.isArray(value)) return fail('wrong-type', path, 'expected an array')
  return value
}

/** A boolean. */
export function asBool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') return fail('wrong-type', path, 'expected a boolean')
  return value
}

/** A string. */
export function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') return fail('wrong-type', path, 'expected a string')
  return value
}

/** An integer JSON number as a bigint, within [min, max]. */
export function asBigInteger(value: unknown, path: string, min: bigint, max: bigint): bigint {
  let out: bigint
  if (typeof value === 'bigint') out = value
  else if (typeof value === 'number' && Number.isInteger(value)) out = BigInt(value)
  else return fail('wrong-type', path, 'expected an integer')
  if (out < min || out > max) return fail('out-of-range', path, `${out} is outside [${min}, ${max}]`)
  return out
}

const MAX_U64 = 2n ** 64n - 1n
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** A Go uint64 (deal id, sector number) as a bigint. */
export function asUint64(value: unknown, path: string): bigint {
  return asBigInteger(value, path, 0n, MAX_U64)
}

/** A Go int64 or uint64 that this library holds as a JS number (epochs, sizes, codes). */
export function asSafeInt(value: unknown, path: string, min = -MAX_SAFE): number {
  return Number(asBigInteger(value, path, min, MAX_SAFE))
}

const BIG_INT = /^-?(?:0|[1-9]\d*)$/

/** A Lotus BigInt / TokenAmount: a decimal string of any size. */
export function decodeBigInt(value: unknown, path: string): bigint {
  const text = asString(value, path)
  if (!BIG_INT.test(text) || text === '-0') return fail('invalid-bigint', path, `${JSON.stringify(text)}`)
  return BigInt(text)
}

/** The Lotus JSON form of a BigInt / TokenAmount. */
export function encodeBigInt(value: bigint): string {
  return value.toString()
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** A Go []byte: standard base64 with padding; null (a nil slice) reads as empty. */
export function decodeBytes(value: unknown, path: string): Uint8Array {
  if (value === null) return new Uint8Array(0)
  const text = asString(value, path)
  if (!BASE64.test(text)) return fail('invalid-value', path, 'not standard padded base64')
  if (text === '') return new Uint8Array(0)
  return base64pad.baseDecode(text)
}

/** The Lotus JSON form of a Go []byte; empty bytes are written as null, as Go writes a nil slice. */
export function encodeBytes(bytes: Uint8Array): string | null {
  return bytes.length === 0 ? null : base64pad.baseEncode(bytes)
}
