import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJson, stringifyJson } from '../../../src/adapters/lotus/json/text.ts'
import { DecodeError } from '../../../src/errors.ts'

describe('Lotus JSON text', () => {
  it('keeps integers beyond 2^53 exact as bigints and safe ones as numbers', () => {
    const text = '{"a":9007199254740993,"b":-18446744073709551617,"c":9007199254740991,"d":1.5,"e":-0}'
    expect(parseJson(text)).toEqual({
      a: 9007199254740993n,
      b: -18446744073709551617n,
      c: 9007199254740991,
      d: 1.5,
      e: -0,
    })
    expect(stringifyJson({ id: 18446744073709551615n, list: [1n, -2n] })).toBe(
      '{"id":18446744073709551615,"list":[1,-2]}',
    )
  })

  it('reads what JSON.parse reads, strings with escapes included, but for the precision of big integers', () => {
    const rounded = (value: unknown): unknown => {
      if (typeof value === 'bigint') return Number(value)
      if (Array.isArray(value)) return value.map(rounded)
      if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rounded(item)]))
      }
      return value
    }
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(rounded(parseJson(text))).toEqual(JSON.parse(text))
      }),
    )
  })

  it('writes what JSON.stringify writes for values without bigints, leaving undefined members out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyJson(value)).toBe(JSON.stringify(value))
      }),
    )
    expect(stringifyJson({ a: undefined, b: [undefined], c: { toJSON: () => 'x' } })).toBe(
      '{"b":[null],"c":"x"}',
    )
  })

  it('round-trips any integer through text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), (n) => {
        const parsed = parseJson(stringifyJson([n]))
        expect(parsed).toEqual([Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n ? Number(n) : n])
      }),
    )
  })

  it('keeps a "__proto__" key as data', () => {
    const parsed = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.keys(parsed)).toEqual(['__proto__'])
  })

  it('refuses malformed text with a DecodeError', () => {
    for (const text of ['', '{', '[1,]', '{"a" 1}', 'tru', '"open', '01', '1 2', '{"a":1}x']) {
      expect(() => parseJson(text), text).toThrow(DecodeError)
    }
  })
})
