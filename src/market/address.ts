/**
 * Filecoin addresses (f0 ID, f1 secp256k1, f2 actor, f3 BLS, f4 delegated; `t` on test networks).
 * Parsing, checksums and string forms come from iso-filecoin; this module adds the strictness of
 * go-address (shortest LEB128 forms, ID range, lower-case base32) and hides the library behind one
 * small immutable type.
 *
 * @module
 */

import * as iso from 'iso-filecoin/address'
import { InvalidAddressError, messageOf } from '../errors.ts'

/** The network an address string is written for: `f…` on mainnet, `t…` elsewhere. */
export type Network = 'mainnet' | 'testnet'

/** Address protocol: 0 ID, 1 secp256k1 key, 2 actor, 3 BLS key, 4 delegated. */
export type AddressProtocol = 0 | 1 | 2 | 3 | 4

/** A Filecoin address. Compare with {@link addressEquals}: two addresses are equal when their bytes are. */
export interface Address {
  /** The protocol byte. */
  readonly protocol: AddressProtocol
  /** The network of the string form; the byte form does not depend on it. */
  readonly network: Network
  /** The byte form used on the wire: protocol byte followed by the payload. */
  readonly bytes: Uint8Array
  /** The string form, e.g. `f01234` or `t1…`. */
  toString(): string
}

/** Largest actor ID go-address accepts (IDs are parsed as 63-bit unsigned integers). */
const MAX_ID = 2n ** 63n - 1n
/** go-address refuses longer address strings. */
const MAX_STRING_LENGTH = 86
/** Largest byte form: protocol byte, 9-byte namespace, 54-byte sub-address. */
const MAX_BYTES_LENGTH = 64

class FilecoinAddress implements Address {
  // The string form needs a blake2b checksum; decoders create many addresses that are never printed.
  #text: string | undefined
  readonly #format: () => string
  constructor(
    readonly protocol: AddressProtocol,
    readonly network: Network,
    readonly bytes: Uint8Array,
    format: () => string,
  ) {
    this.#format = format
  }
  toString(): string {
    this.#text ??= this.#format()
    return this.#text
  }
  toJSON(): string {
    return this.toString()
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/** Unsigned LEB128, the varint go-address uses for actor IDs and delegated namespaces. */
function encodeLeb128(value: bigint): Uint8Array {
  const out: number[] = []
  let rest = value
  do {
    const low = Number(rest & 0x7fn)
    rest >>= 7n
    out.push(rest === 0n ? low : low | 0x80)
  } while (rest !== 0n)
  return Uint8Array.from(out)
}

/** Reads a shortest-form unsigned LEB128 number at `offset`; returns it and the bytes used. */
function readLeb128(bytes: Uint8Array, offset: number, what: string): [bigint, number] {
  let value = 0n
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i]
    if (byte === undefined) throw new InvalidAddressError(`${what} is truncated`)
    value |= BigInt(byte & 0x7f) << BigInt(7 * i)
    if ((byte & 0x80) === 0) {
      if (value > MAX_ID) throw new InvalidAddressError(`${what} exceeds 2^63 - 1`)
      if (byte === 0 && i > 0) throw new InvalidAddressError(`${what} is not in its shortest LEB128 form`)
      return [value, i + 1]
    }
  }
  throw new InvalidAddressError(`${what} is longer than 10 bytes`)
}

/**
 * An address from its byte form (protocol byte + payload), as found in CBOR. Throws
 * InvalidAddressError for an unknown protocol, a wrong payload length or a non-canonical number.
 * Delegated (f4) addresses are limited to namespace 10 (the Ethereum address manager) by iso-filecoin.
 */
export function addressFromBytes(bytes: Uint8Array, network: Network = 'mainnet'): Address {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new InvalidAddressError('empty address')
  if (bytes.length > MAX_BYTES_LENGTH)
    throw new InvalidAddressError(`address of ${bytes.length} bytes is too long`)
  const protocol = bytes[0]
  if (protocol === 0) {
    const [, size] = readLeb128(bytes, 1, 'actor ID')
    if (size !== bytes.length - 1) throw new InvalidAddressError('trailing bytes after the actor ID')
  } else if (protocol === 4) {
    readLeb128(bytes, 1, 'delegated namespace')
  } else if (protocol !== 1 && protocol !== 2 && protocol !== 3) {
    throw new InvalidAddressError(`unknown address protocol ${protocol}`)
  }
  // Parse a private copy: iso-filecoin keeps views of its input, and the string is built lazily.
  const copy = Uint8Array.from(bytes)
  let parsed: ReturnType<typeof iso.fromBytes>
  try {
    parsed = iso.fromBytes(copy, network)
  } catch (error) {
    throw new InvalidAddressError(`invalid protocol ${protocol} address: ${messageOf(error)}`, {
      cause: error,
    })
  }
  if (!sameBytes(parsed.toBytes(), copy)) throw new InvalidAddressError('address bytes are not canonical')
  return new FilecoinAddress(protocol, network, copy, () => parsed.toString())
}

/**
 * Parses an address string (`f0…`–`f4…` or `t0…`–`t4…`). Throws InvalidAddressError for anything
 * go-address would refuse: bad network or protocol, bad checksum, upper-case base32, an ID above
 * 2^63 − 1. Leading zeros in an ID are accepted and dropped, as in Go.
 */
export function parseAddress(text: string): Address {
  if (typeof text !== 'string' || text.length < 3 || text.length > MAX_STRING_LENGTH) {
    throw new InvalidAddressError(`malformed address ${JSON.stringify(text)}`)
  }
  const network: Network | undefined = text[0] === 'f' ? 'mainnet' : text[0] === 't' ? 'testnet' : undefined
  if (network === undefined)
    throw new InvalidAddressError(`unknown network prefix in ${JSON.stringify(text)}`)
  if (text[1] === '0') {
    const digits = text.slice(2)
    if (!/^\d{1,20}$/.test(digits))
      throw new InvalidAddressError(`malformed actor ID in ${JSON.stringify(text)}`)
    return idAddress(BigInt(digits), network)
  }
  let parsed: ReturnType<typeof iso.fromString>
  try {
    parsed = iso.fromString(text)
  } catch (error) {
    throw new InvalidAddressError(`invalid address ${JSON.stringify(text)}: ${messageOf(error)}`, {
      cause: error,
    })
  }
  // iso-filecoin tolerates upper case and stray checksum bits; go-address does not.
  if (parsed.toString() !== text)
    throw new InvalidAddressError(`address ${JSON.stringify(text)} is not canonical`)
  return addressFromBytes(parsed.toBytes(), network)
}

/** The ID address (`f0…`) of an actor ID. Throws InvalidAddressError outside 0…2^63 − 1. */
export function idAddress(id: number | bigint, network: Network = 'mainnet'): Address {
  const value = typeof id === 'bigint' ? id : Number.isSafeInteger(id) ? BigInt(id) : -1n
  if (value < 0n || value > MAX_ID) throw new InvalidAddressError(`actor ID ${id} out of range`)
  const payload = encodeLeb128(value)
  const bytes = new Uint8Array(payload.length + 1)
  bytes.set(payload, 1)
  return addressFromBytes(bytes, network)
}

/** True when both addresses have the same byte form (the network of the string form is ignored). */
export function addressEquals(a: Address, b: Address): boolean {
  return sameBytes(a.bytes, b.bytes)
}

/** True when `value` is an {@link Address} made by this module. */
export function isAddress(value: unknown): value is Address {
  return value instanceof FilecoinAddress
}
