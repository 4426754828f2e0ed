import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidAmountError } from '../../src/errors.ts'
import { bigIntFromBytes, bigIntToBytes, formatFil, parseFil } from '../../src/market/index.ts'

describe('formatFil', () => {
  it('prints amounts like Lotus', () => {
    expect(formatFil(500_000_000n)).toBe('0.0000000005 FIL')
    expect(formatFil(0n)).toBe('0 FIL')
    expect(formatFil(10n ** 18n)).toBe('1 FIL')
    expect(formatFil(15n * 10n ** 17n)).toBe('1.5 FIL')
    expect(formatFil(1n)).toBe('0.000000000000000001 FIL')
    expect(formatFil(-(5n * 10n ** 17n))).toBe('-0.5 FIL')
    expect(formatFil(2_000_000_000n * 10n ** 18n)).toBe('2000000000 FIL')
  })
})

describe('parseFil', () => {
  it('parses FIL amounts with or without the unit', () => {
    expect(parseFil('0.0000000005 FIL')).toBe(500_000_000n)
    expect(parseFil('0.0000000005')).toBe(500_000_000n)
    expect(parseFil('1.5 FIL')).toBe(15n * 10n ** 17n)
    expect(parseFil('1')).toBe(10n ** 18n)
    expect(parseFil('  2fil ')).toBe(2n * 10n ** 18n)
    expect(parseFil('.5')).toBe(5n * 10n ** 17n)
    expect(parseFil('-1 FIL')).toBe(-(10n ** 18n))
    expect(parseFil('1.000000000000000000000')).toBe(10n ** 18n)
  })

  it('parses the smaller units exactly', () => {
    expect(parseFil('500000000 attoFIL')).toBe(500_000_000n)
    expect(parseFil('7 aFIL')).toBe(7n)
    expect(parseFil('3 femtoFIL')).toBe(3000n)
    expect(parseFil('2 picoFIL')).toBe(2_000_000n)
    expect(parseFil('1.5 nanoFIL')).toBe(1_500_000_000n)
    expect(parseFil('1 μFIL')).toBe(10n ** 12n)
    expect(parseFil('1 uFIL')).toBe(10n ** 12n)
    expect(parseFil('0.001 milliFIL')).toBe(10n ** 12n)
  })

  it('rejects malformed amounts with InvalidAmountError', () => {
    const bad = [
      '',
      'FIL',
      '1.2.3',
      '1e18',
      '0x10',
      '+1',
      '1 BTC',
      '1 FILL',
      '--1',
      '1-',
      '.',
      '1.5 attoFIL',
      '0.0000000000000000001 FIL',
      '1'.repeat(51),
      'constructor',
    ]
    for (const text of bad) expect(() => parseFil(text), text).toThrow(InvalidAmountError)
    expect(() => parseFil(1 as unknown as string)).toThrow(InvalidAmountError)
  })

  it('parseFil(formatFil(x)) === x for every amount', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), (amount) => {
        expect(parseFil(formatFil(amount))).toBe(amount)
      }),
      { numRuns: 500 },
    )
  })
})

describe('big-int byte form', () => {
  it('round-trips every amount up to 127 magnitude bytes', () => {
    fc.assert(
      fc.property(fc.bigInt(-(2n ** 1016n - 1n), 2n ** 1016n - 1n), (amount) => {
        expect(bigIntFromBytes(bigIntToBytes(amount))).toBe(amount)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses amounts and byte forms over 128 bytes', () => {
    expect(bigIntToBytes(2n ** 1016n - 1n)).toHaveLength(128)
    expect(() => bigIntToBytes(2n ** 1016n)).toThrow(InvalidAmountError)
    expect(() => bigIntFromBytes(Uint8Array.of(0, ...new Uint8Array(128).fill(1)))).toThrow(
      InvalidAmountError,
    )
  })

  it('refuses bad sign bytes and non-canonical magnitudes', () => {
    expect(() => bigIntFromBytes(Uint8Array.of(2, 1))).toThrow(InvalidAmountError)
    expect(() => bigIntFromBytes(Uint8Array.of(0))).toThrow(InvalidAmountError)
    expect(() => bigIntFromBytes(Uint8Array.of(0, 0, 1))).toThrow(InvalidAmountError)
    expect(() => bigIntFromBytes(Uint8Array.of(1, 0))).toThrow(InvalidAmountError)
  })
})
