import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/cli/errors.ts'
import {
  parseByteSize,
  parseCid,
  parseFilValue,
  parseInteger,
  parsePieceSize,
  parsePositive,
} from '../../src/cli/values.ts'

describe('parseByteSize', () => {
  it.each([
    ['2048', 2048],
    ['256B', 256],
    ['2KiB', 2048],
    ['2kib', 2048],
    ['2KB', 2048],
    ['1.5MiB', 1_572_864],
    ['32GiB', 34_359_738_368],
    ['8 MiB', 8_388_608],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseByteSize('--size', text)).toBe(bytes)
  })

  it.each(['', 'big', '2XiB', '-1', '0.3B', '1.5'])('rejects %j', (text) => {
    expect(() => parseByteSize('--size', text)).toThrow(UsageError)
  })
})

describe('parsePieceSize', () => {
  it('accepts powers of two from 128 bytes', () => {
    expect(parsePieceSize('--min-piece-size', '256B')).toBe(256)
    expect(parsePieceSize('--max-piece-size', '32GiB')).toBe(32 * 2 ** 30)
  })

  it.each(['100', '64B', '3KiB'])('rejects %s', (text) => {
    expect(() => parsePieceSize('--min-piece-size', text)).toThrow(/power of two/)
  })
})

describe('parseFilValue', () => {
  it('reads amounts like Lotus', () => {
    expect(parseFilValue('--price', '0.0000000005')).toBe(500_000_000n)
    expect(parseFilValue('--price', '5 nFIL')).toBe(5_000_000_000n)
    expect(parseFilValue('--price', '0')).toBe(0n)
  })

  it.each(['abc', '1 XFIL', '0.0000000000000000001', '-1'])('rejects %j with the flag name', (text) => {
    expect(() => parseFilValue('--price', text)).toThrow(/^--price/)
  })
})

describe('parseInteger and parsePositive', () => {
  it('check the range', () => {
    expect(parseInteger('--deals', '3', 1)).toBe(3)
    expect(() => parseInteger('--deals', '0', 1)).toThrow(/at least 1/)
    expect(() => parseInteger('--deals', '3.5', 1)).toThrow(UsageError)
    expect(() => parseInteger('--deals', '11', 1, 10)).toThrow(/from 1 to 10/)
    expect(parsePositive('--speed', '2.5')).toBe(2.5)
    expect(() => parsePositive('--speed', '0')).toThrow(UsageError)
    expect(() => parsePositive('--speed', 'fast')).toThrow(UsageError)
  })
})

describe('parseCid', () => {
  it('parses a CID and rejects anything else', () => {
    const text = 'bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza'
    expect(parseCid('<proposal-cid>', text).toString()).toBe(text)
    expect(() => parseCid('<proposal-cid>', 'bafynot')).toThrow(UsageError)
  })
})
