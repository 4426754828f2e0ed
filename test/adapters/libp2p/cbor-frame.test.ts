/**
 * The incremental scanner that finds the end of a CBOR message on a stream, and the retry backoff.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CborFrameScanner, DEFAULT_OPEN_RETRY, retryDelay } from '../../../src/adapters/libp2p/index.ts'
import { DecodeError, MessageTooLargeError } from '../../../src/errors.ts'
import { encodeDealParams, encodeMk12DealStatusResponse } from '../../../src/market/index.ts'
import { dealParams, statusResponse } from '../../market/mk12/codecs.ts'

/** Feeds `bytes` to a scanner in the given chunk sizes; returns the length it reports and when. */
function scan(bytes: Uint8Array, cuts: number[], max = 1 << 22): { length: number | undefined; fed: number } {
  const scanner = new CborFrameScanner(max, 'message')
  let fed = 0
  for (const cut of [...cuts, bytes.length]) {
    fed = Math.min(bytes.length, Math.max(fed, cut))
    const length = scanner.feed(bytes.subarray(0, fed))
    if (length !== undefined) return { length, fed }
  }
  return { length: undefined, fed }
}

describe('CborFrameScanner', () => {
  it('finds the exact end of real messages however the bytes are split, ignoring what follows', () => {
    const message = fc.oneof(
      dealParams.map(encodeDealParams),
      statusResponse.map(encodeMk12DealStatusResponse),
    )
    fc.assert(
      fc.property(
        message,
        fc.array(fc.nat(4000)),
        fc.uint8Array({ maxLength: 20 }),
        (bytes, cuts, trailing) => {
          const stream = new Uint8Array([...bytes, ...trailing])
          const { length, fed } = scan(
            stream,
            cuts.sort((a, b) => a - b),
          )
          expect(length).toBe(bytes.length)
          expect(fed).toBeGreaterThanOrEqual(bytes.length)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('is incomplete until the last byte arrives', () => {
    const bytes = Uint8Array.of(0xa1, 0x61, 0x41, 0x82, 0x01, 0x43, 1, 2, 3)
    const scanner = new CborFrameScanner(100, 'message')
    for (let i = 0; i < bytes.length; i++) expect(scanner.feed(bytes.subarray(0, i))).toBeUndefined()
    expect(scanner.feed(bytes)).toBe(bytes.length)
  })

  it('refuses at the header what cannot fit in the limit', () => {
    const scanner = new CborFrameScanner(1000, 'message')
    // bytes(5,000,000): refused from the 5 header bytes, before any payload is buffered.
    expect(() => scanner.feed(Uint8Array.of(0x5a, 0x00, 0x4c, 0x4b, 0x40))).toThrow(MessageTooLargeError)
    expect(() => new CborFrameScanner(1000, 'm').feed(Uint8Array.of(0x9a, 0xff, 0xff, 0xff, 0xff))).toThrow(
      MessageTooLargeError,
    )
    // A string that ends past the limit, even if declared small enough on its own.
    const long = new CborFrameScanner(10, 'm')
    expect(() => long.feed(Uint8Array.of(0x82, 0x48, 1, 2, 3, 4, 5, 6, 7, 8, 0x43))).toThrow(
      MessageTooLargeError,
    )
  })

  it('refuses indefinite lengths, reserved headers and deep nesting', () => {
    const reasonOf = (bytes: Uint8Array) => {
      try {
        new CborFrameScanner(1000, 'm').feed(bytes)
      } catch (error) {
        return error instanceof DecodeError ? error.reason : 'other'
      }
      return 'none'
    }
    expect(reasonOf(Uint8Array.of(0x9f))).toBe('indefinite-length')
    expect(reasonOf(Uint8Array.of(0x1c))).toBe('invalid-cbor')
    // [[[…, 0], 0], 0]: every level still waits for its second item.
    const nested = (levels: number) => new Uint8Array(2 * levels).fill(0x82, 0, levels).fill(0x00, levels)
    expect(reasonOf(nested(70))).toBe('too-deep')
    expect(reasonOf(nested(60))).toBe('none')
    // A chain of one-element arrays closes each level as it opens the next: no depth builds up.
    expect(reasonOf(new Uint8Array(200).fill(0x81))).toBe('none')
  })
})

describe('stream-open backoff', () => {
  it('stays between the minimum and min(maximum, minimum × attempts^n)', () => {
    expect(retryDelay(DEFAULT_OPEN_RETRY, 0, () => 0.5)).toBe(1_000)
    expect(retryDelay(DEFAULT_OPEN_RETRY, 1, () => 1)).toBe(5_000)
    expect(retryDelay(DEFAULT_OPEN_RETRY, 2, () => 0)).toBe(1_000)
    expect(retryDelay(DEFAULT_OPEN_RETRY, 9, () => 1)).toBe(300_000)
  })
})
