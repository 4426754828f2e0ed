/**
 * Declarative codecs: a {@link Field} reads one value from a {@link CborReader} and turns one value
 * into a {@link CborNode}. Struct codecs are built from a field per Go field, in cbor-gen's two
 * shapes: maps keyed by field name (any key order, unknown keys skipped, absent keys take their zero
 * value or fail when the field has none) and tuples (exact length, declaration order).
 *
 * @module
 */

import { DecodeError, EncodeError, messageOf } from '../../errors.ts'
import type { Network } from '../address.ts'
import { CborReader } from './reader.ts'
import { textFromWire } from './text.ts'
import { type CborNode, encodeNode } from './writer.ts'

/** Reads and writes one value of type T. */
export interface Field<T> {
  /** Reads the value at the reader's position; `path` names it in errors. */
  read(reader: CborReader, path: string): T
  /** Converts the value for encoding; throws EncodeError for values without a wire form. */
  write(value: T, path: string): CborNode
  /** Value of an absent map key. Without it, the key is required. */
  readonly zero?: () => T
}

/** One field per property of T. */
export type Fields<T> = { readonly [K in keyof T]-?: Field<T[K]> }

/** Options accepted by every decoder. */
export interface DecodeOptions {
  /** Largest input accepted, in bytes. Defaults to 64 KiB for messages and 1 MiB for deal records. */
  readonly maxBytes?: number
  /**
   * Network of the string form of the addresses read (the byte form does not carry it).
   * @default 'mainnet'
   */
  readonly network?: Network
}

/** Default input limit for network messages and their parts. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024

/** Default input limit for persisted deal records, whose stage logs grow over a deal's life. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024

/** A map-encoded struct. `zero` makes the whole struct optional inside another map. */
export function mapOf<T>(fields: Fields<T>, zero?: () => T): Field<T> {
  const keys = Object.keys(fields) as (keyof T & string)[]
  const field: Field<T> = {
    read(reader, path) {
      const entries = reader.mapHeader(path)
      const out: Partial<Record<keyof T, unknown>> = {}
      const seen = new Set<string>()
      for (let i = 0; i < entries; i++) {
        const key = textFromWire(reader.textBytes(path))
        const keyPath = `${path}.${key}`
        if (!Object.hasOwn(fields, key)) {
          reader.skip(keyPath)
          continue
        }
        if (seen.has(key)) reader.fail('duplicate-key', keyPath, 'key appears twice')
        seen.add(key)
        out[key as keyof T] = fields[key as keyof T].read(reader, keyPath)
      }
      for (const key of keys) {
        if (seen.has(key)) continue
        const missing = fields[key].zero
        if (missing === undefined)
          return reader.fail('missing-field', `${path}.${key}`, 'required key is absent')
        out[key] = missing()
      }
      return out as T
    },
    write(value, path) {
      const out: Record<string, CborNode> = {}
      for (const key of keys) out[key] = fields[key].write(value[key], `${path}.${key}`)
      return out
    },
  }
  return zero === undefined ? field : { ...field, zero }
}

/** A tuple-encoded struct: fields in the order given. */
export function tupleOf<T>(fields: Fields<T>): Field<T> {
  const keys = Object.keys(fields) as (keyof T & string)[]
  return {
    read(reader, path) {
      reader.arrayHeader(path, keys.length)
      const out: Partial<Record<keyof T, unknown>> = {}
      for (const key of keys) out[key] = fields[key].read(reader, `${path}.${key}`)
      return out as T
    },
    write(value, path) {
      return keys.map((key) => fields[key].write(value[key], `${path}.${key}`))
    },
  }
}

/** The field, or null (Go pointer). Absent map keys read as null. */
export function nullable<T>(inner: Field<T>): Field<T | null> {
  return {
    read: (reader, path) => (reader.nextIsNull() ? null : inner.read(reader, path)),
    write: (value, path) => (value === null ? null : inner.write(value, path)),
    zero: () => null,
  }
}

/** An array of the field (Go slice). Absent map keys read as an empty array. */
export function listOf<T>(inner: Field<T>): Field<readonly T[]> {
  return {
    read(reader, path) {
      const count = reader.arrayHeader(path)
      const out: T[] = []
      for (let i = 0; i < count; i++) out.push(inner.read(reader, `${path}[${i}]`))
      return out
    },
    write(value, path) {
      if (!Array.isArray(value)) throw new EncodeError(path, 'expected an array')
      return value.map((item, i) => inner.write(item, `${path}[${i}]`))
    },
    zero: () => [],
  }
}

/** Decodes exactly one item of `bytes` with `field`; throws only DecodeError. */
export function decodeWith<T>(
  field: Field<T>,
  bytes: Uint8Array,
  root: string,
  options: DecodeOptions | undefined,
  defaultMax: number,
): T {
  if (!(bytes instanceof Uint8Array))
    throw new DecodeError('invalid-input', root, 'input is not a Uint8Array')
  const max = options?.maxBytes ?? defaultMax
  if (bytes.length > max)
    throw new DecodeError('too-large', root, `${bytes.length} bytes exceed the limit of ${max}`)
  const reader = new CborReader(bytes, options?.network)
  try {
    const value = field.read(reader, root)
    reader.end(root)
    return value
  } catch (error) {
    if (error instanceof DecodeError) throw error
    throw new DecodeError('invalid-value', root, messageOf(error), { cause: error, offset: reader.offset })
  }
}

/** Encodes `value` with `field`; throws only EncodeError. */
export function encodeWith<T>(field: Field<T>, value: T, root: string): Uint8Array {
  try {
    return encodeNode(field.write(value, root))
  } catch (error) {
    if (error instanceof EncodeError) throw error
    throw new EncodeError(root, messageOf(error), { cause: error })
  }
}
