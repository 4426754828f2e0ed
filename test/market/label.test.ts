import { describe, expect, it } from 'vitest'
import { DecodeError, InvalidLabelError } from '../../src/errors.ts'
import {
  DEAL_MAX_LABEL_SIZE,
  decodeDealLabel,
  EMPTY_DEAL_LABEL,
  encodeDealLabel,
  labelByteLength,
  labelEquals,
  labelFromBytes,
  labelFromString,
} from '../../src/market/index.ts'

function decodeError(run: () => unknown): DecodeError {
  try {
    run()
  } catch (error) {
    if (error instanceof DecodeError) return error
    throw error
  }
  throw new Error('expected a DecodeError')
}

describe('DealLabel', () => {
  it('the zero label is the empty string, encoded as an empty text string', () => {
    expect(EMPTY_DEAL_LABEL).toBe('')
    expect(decodeDealLabel(Uint8Array.of(0x60))).toBe('')
  })

  it('decodes text labels to strings and byte labels to bytes', () => {
    expect(decodeDealLabel(Uint8Array.of(0x63, 0x61, 0x62, 0x63))).toBe('abc')
    expect(decodeDealLabel(Uint8Array.of(0x40))).toEqual(new Uint8Array(0))
    expect(decodeDealLabel(Uint8Array.of(0x42, 0xff, 0x00))).toEqual(Uint8Array.of(0xff, 0x00))
  })

  it('an empty bytes label differs from the empty string label', () => {
    expect(labelEquals('', new Uint8Array(0))).toBe(false)
    expect(encodeDealLabel('')).not.toEqual(encodeDealLabel(new Uint8Array(0)))
    expect(labelEquals(Uint8Array.of(1), Uint8Array.of(1))).toBe(true)
  })

  it('rejects text labels that are not valid UTF-8', () => {
    const error = decodeError(() => decodeDealLabel(Uint8Array.of(0x62, 0xff, 0xfe)))
    expect(error.reason).toBe('invalid-utf8')
    expect(error.path).toBe('DealLabel')
    // An encoded surrogate (ED A0 80) is not valid UTF-8 either.
    expect(decodeError(() => decodeDealLabel(Uint8Array.of(0x63, 0xed, 0xa0, 0x80))).reason).toBe(
      'invalid-utf8',
    )
  })

  it('rejects every major type but text and bytes', () => {
    for (const input of [[0x01], [0x20], [0x80], [0xa0], [0xf4], [0xf6]]) {
      expect(decodeError(() => decodeDealLabel(Uint8Array.from(input))).reason).toBe('wrong-type')
    }
  })

  it('keeps a leading byte-order mark', () => {
    const bytes = Uint8Array.of(0x64, 0xef, 0xbb, 0xbf, 0x61)
    expect(decodeDealLabel(bytes)).toBe('\ufeffa')
    expect(encodeDealLabel('\ufeffa')).toEqual(bytes)
  })

  it('constructors enforce the 256-byte limit in UTF-8 bytes', () => {
    expect(labelFromString('a'.repeat(DEAL_MAX_LABEL_SIZE))).toHaveLength(256)
    expect(() => labelFromString('a'.repeat(257))).toThrow(InvalidLabelError)
    expect(() => labelFromString('é'.repeat(129))).toThrow(InvalidLabelError) // 258 bytes
    expect(labelByteLength('é'.repeat(128))).toBe(256)
    expect(labelFromBytes(new Uint8Array(256))).toHaveLength(256)
    expect(() => labelFromBytes(new Uint8Array(257))).toThrow(InvalidLabelError)
  })

  it('refuses string labels without a UTF-8 form', () => {
    expect(() => labelFromString('a\ud800b')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_LABEL' }))
    expect(() => encodeDealLabel('\udc80')).toThrow(expect.objectContaining({ code: 'ERR_ENCODE' }))
  })

  it('the codec itself accepts labels over 256 bytes (the limit is a validation rule)', () => {
    const long = 'x'.repeat(300)
    expect(decodeDealLabel(encodeDealLabel(long))).toBe(long)
  })
})
