/**
 * A strict, pull-style CBOR reader for the subset cbor-gen writes. Decoders call it field by field,
 * so every error names the field it happened in. It never allocates or loops more than the input
 * size allows: lengths and counts are checked against the bytes left before they are used.
 *
 * Refused: indefinite lengths, non-shortest headers, floats, `undefined` and other simple values
 * (only false, true and null exist), and any tag but 42 (CID).
 *
 * @module
 */

import { DecodeError, type DecodeErrorReason } from '../../errors.ts'
import type { Network } from '../address.ts'

/** CBOR major types. */
export const Major = { Uint: 0, NegInt: 1, Bytes: 2, Text: 3, Array: 4, Map: 5, Tag: 6, Simple: 7 } as const

const MAJOR_NAMES = [
  'unsigned integer',
  'negative integer',
  'byte string',
  'text string',
  'array',
  'map',
  'tag',
]

/** Nesting allowed inside a skipped (unknown) map value. */
const MAX_SKIP_DEPTH = 32

const NULL = 0xf6
const FALSE = 0xf4
const TRUE = 0xf5
const CID_TAG = 42n

/** Reads one CBOR input front to back. */
export class CborReader {
  readonly #bytes: Uint8Array
  #pos = 0

  /**
   * @param bytes - the input; a plain view is taken so that slices are real copies even for Node
   *   Buffers (whose `slice` shares memory).
   * @param network - network given to the addresses read.
   */
  constructor(
    bytes: Uint8Array,
    readonly network: Network = 'mainnet',
  ) {
    this.#bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** Position of the next byte to read. */
  get offset(): number {
    return this.#pos
  }

  /** Throws a DecodeError at the current position. */
  fail(reason: DecodeErrorReason, path: string, detail: string, cause?: unknown): never {
    throw new DecodeError(
      reason,
      path,
      detail,
      cause === undefined ? { offset: this.#pos } : { offset: this.#pos, cause },
    )
  }

  /** Fails unless the whole input was consumed. */
  end(path: string): void {
    if (this.#pos !== this.#bytes.length) {
      this.fail('trailing-bytes', path, `${this.#bytes.length - this.#pos} bytes after the item`)
    }
  }

  /** Consumes a null and returns true, or returns false and consumes nothing. */
  nextIsNull(): boolean {
    if (this.#bytes[this.#pos] !== NULL) return false
    this.#pos += 1
    return true
  }

  /** Major type of the next item, without consuming it. */
  peekMajor(path: string): number {
    const byte = this.#bytes[this.#pos]
    if (byte === undefined) this.fail('truncated', path, 'input ended')
    return byte >> 5
  }

  #take(path: string, count: number): Uint8Array {
    if (count > this.#bytes.length - this.#pos) this.fail('truncated', path, 'input ended inside an item')
    const out = this.#bytes.subarray(this.#pos, this.#pos + count)
    this.#pos += count
    return out
  }

  /** Reads an item header: its major type and argument. Simple values return their raw info. */
  #head(path: string): [major: number, arg: bigint] {
    const first = this.#bytes[this.#pos]
    if (first === undefined) this.fail('truncated', path, 'input ended')
    this.#pos += 1
    const major = first >> 5
    const info = first & 0x1f
    if (major === Major.Simple) {
      if (info < 20 || info > 22)
        this.fail('invalid-cbor', path, `simple value or float 0x${first.toString(16)}`)
      return [major, BigInt(info)]
    }
    if (info < 24) return [major, BigInt(info)]
    if (info === 31) this.fail('indefinite-length', path, `indefinite-length ${MAJOR_NAMES[major]}`)
    if (info > 27) this.fail('invalid-cbor', path, `reserved additional information ${info}`)
    const size = 1 << (info - 24)
    let arg = 0n
    for (const byte of this.#take(path, size)) arg = (arg << 8n) | BigInt(byte)
    const floor = info === 24 ? 24n : 1n << BigInt(4 * size)
    if (arg < floor) this.fail('non-canonical', path, `argument ${arg} not in its shortest form`)
    return [major, arg]
  }

  #expect(path: string, major: number, what: string): bigint {
    const start = this.#pos
    const [found, arg] = this.#head(path)
    if (found !== major) {
      this.#pos = start
      const name = found === Major.Simple ? (arg === 22n ? 'null' : 'boolean') : MAJOR_NAMES[found]
      this.fail('wrong-type', path, `expected ${what}, found ${name}`)
    }
    return arg
  }

  /** Converts a length or count to a number after checking the input can hold it. */
  #count(path: string, arg: bigint, bytesPerUnit: number): number {
    if (arg * BigInt(bytesPerUnit) > BigInt(this.#bytes.length - this.#pos)) {
      this.fail('truncated', path, `declared size ${arg} exceeds the input`)
    }
    return Number(arg)
  }

  /** Reads an unsigned integer up to `max`. */
  uint(path: string, max: bigint): bigint {
    const value = this.#expect(path, Major.Uint, 'an unsigned integer')
    if (value > max) this.fail('out-of-range', path, `${value} exceeds ${max}`)
    return value
  }

  /** Reads a signed integer within [min, max]. */
  int(path: string, min: bigint, max: bigint): bigint {
    const major = this.peekMajor(path)
    const value =
      major === Major.NegInt
        ? -1n - this.#expect(path, Major.NegInt, 'an integer')
        : this.#expect(path, Major.Uint, 'an integer')
    if (value < min || value > max) this.fail('out-of-range', path, `${value} outside ${min}…${max}`)
    return value
  }

  /** Reads true or false. */
  bool(path: string): boolean {
    const byte = this.#bytes[this.#pos]
    if (byte === TRUE || byte === FALSE) {
      this.#pos += 1
      return byte === TRUE
    }
    this.#expect(path, -1, 'a boolean')
    return false
  }

  /** Reads a byte string (a view into the input) of at most `max` bytes. */
  bytes(path: string, max = Number.MAX_SAFE_INTEGER): Uint8Array {
    const length = this.#count(path, this.#expect(path, Major.Bytes, 'a byte string'), 1)
    if (length > max) this.fail('out-of-range', path, `byte string of ${length} bytes exceeds ${max}`)
    return this.#take(path, length)
  }

  /** Reads the raw bytes of a text string (a view into the input), without UTF-8 checks. */
  textBytes(path: string): Uint8Array {
    return this.#take(path, this.#count(path, this.#expect(path, Major.Text, 'a text string'), 1))
  }

  /** Reads an array header; with `expected`, fails unless the array has exactly that many items. */
  arrayHeader(path: string, expected?: number): number {
    const count = this.#count(path, this.#expect(path, Major.Array, 'an array'), 1)
    if (expected !== undefined && count !== expected) {
      this.fail('wrong-length', path, `expected ${expected} elements, found ${count}`)
    }
    return count
  }

  /** Reads a map header and returns the number of entries. */
  mapHeader(path: string): number {
    return this.#count(path, this.#expect(path, Major.Map, 'a map'), 2)
  }

  /** Reads the tag-42 header that opens a CID. */
  cidTag(path: string): void {
    const tag = this.#expect(path, Major.Tag, 'a CID (tag 42)')
    if (tag !== CID_TAG) this.fail('invalid-cbor', path, `unsupported tag ${tag}`)
  }

  /** Skips one well-formed item of any type (an unknown map value). */
  skip(path: string, depth = 0): void {
    if (depth > MAX_SKIP_DEPTH) this.fail('too-deep', path, `nesting deeper than ${MAX_SKIP_DEPTH}`)
    const [major, arg] = this.#head(path)
    if (major === Major.Bytes || major === Major.Text) this.#take(path, this.#count(path, arg, 1))
    else if (major === Major.Array || major === Major.Map) {
      const items = this.#count(path, arg, major === Major.Map ? 2 : 1) * (major === Major.Map ? 2 : 1)
      for (let i = 0; i < items; i++) this.skip(path, depth + 1)
    } else if (major === Major.Tag) {
      if (arg !== CID_TAG) this.fail('invalid-cbor', path, `unsupported tag ${arg}`)
      this.bytes(path)
    }
  }
}
