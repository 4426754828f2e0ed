/**
 * Fast structural equality for market values. vitest's toEqual walks CIDs (self-referencing
 * objects) slowly; property tests compare thousands of values, so they check with this first and
 * only fall back to toEqual, for its readable diff, when the values differ.
 */
import { CID } from 'multiformats/cid'
import { expect } from 'vitest'
import { addressEquals, isAddress } from '../../src/market/index.ts'

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const cidA = CID.asCID(a)
  const cidB = CID.asCID(b)
  if (cidA !== null || cidB !== null) return cidA !== null && cidB !== null && cidA.equals(cidB)
  if (isAddress(a) || isAddress(b)) {
    return isAddress(a) && isAddress(b) && addressEquals(a, b) && a.network === b.network
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return (
      a instanceof Uint8Array &&
      b instanceof Uint8Array &&
      a.constructor === b.constructor &&
      a.length === b.length &&
      a.every((byte, i) => byte === b[i])
    )
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}

/** Asserts structural equality, cheaply when it holds. */
export function expectSame(actual: unknown, expected: unknown): void {
  if (!sameValue(actual, expected)) expect(actual).toEqual(expected)
}
