import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBitfield, encodeBitfield } from '../../../src/adapters/sim-chain/bitfield.ts'

describe('RLE+ bitfields', () => {
  it('encodes the reference vectors', () => {
    expect([...encodeBitfield([0, 2, 3])]).toEqual([0x5c, 0x01])
    expect([...encodeBitfield([0, 1, 2, 3, 4, 5, 6, 7])]).toEqual([0x14, 0x01])
    expect(encodeBitfield([])).toEqual(new Uint8Array(0))
  })

  it('round-trips any set, including long runs that need a varint', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 5000 }), { maxLength: 200 }), (values) => {
        const bytes = encodeBitfield(values)
        expect(decodeBitfield(bytes)).toEqual([...values].sort((a, b) => a - b))
        if (bytes.length > 0) expect(bytes.at(-1)).not.toBe(0)
      }),
      { numRuns: 500 },
    )
  })

  it('never ends on a zero byte, even when the last run ends on a byte boundary', () => {
    expect([...encodeBitfield([16, 33, 4996, 4997])].at(-1)).not.toBe(0)
    expect(decodeBitfield(encodeBitfield([16, 33, 4996, 4997]))).toEqual([16, 33, 4996, 4997])
  })

  it('refuses an unknown version', () => {
    expect(() => decodeBitfield(Uint8Array.of(0x01))).toThrow(RangeError)
  })
})
