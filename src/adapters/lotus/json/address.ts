/**
 * Addresses in the Lotus API: their string form with the network prefix (`f01234`, `t1…`). Lotus
 * accepts either prefix on input and writes its own network's.
 *
 * @module
 */
import { type Address, parseAddress } from '../../../market/index.ts'
import { asString, fail } from './scalars.ts'

/** The Lotus JSON form of an address. */
export function encodeAddress(address: Address): string {
  return address.toString()
}

/** Reads an address string. */
export function decodeAddress(value: unknown, path: string): Address {
  const text = asString(value, path)
  try {
    return parseAddress(text)
  } catch (error) {
    return fail('invalid-address', path, `${JSON.stringify(text)} is not an address`, error)
  }
}

/** Reads a list of address strings. */
export function decodeAddresses(value: unknown, path: string): Address[] {
  if (!Array.isArray(value)) return fail('wrong-type', path, 'expected an array of addresses')
  return value.map((item, i) => decodeAddress(item, `${path}[${i}]`))
}
