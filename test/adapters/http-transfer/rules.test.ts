import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../src/adapters/http-transfer/backoff.ts'
import { chunkCount, chunkRanges } from '../../../src/adapters/http-transfer/chunk-plan.ts'
import {
  DEFAULT_PARALLEL_THRESHOLD,
  DEFAULT_RETRY_POLICY,
} from '../../../src/adapters/http-transfer/constants.ts'
import { parseRange } from '../../../src/adapters/http-transfer/range.ts'
import { isLoopbackHost, isPrivateIp } from '../../../src/adapters/http-transfer/url-policy.ts'

describe('backoff', () => {
  it("grows by 1.5 from 5 s up to 10 min, Boost's schedule without jitter", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: false }
    const delays = Array.from({ length: 14 }, (_, retry) => backoffDelay(policy, retry, () => 0))
    expect(delays.slice(0, 4)).toEqual([5_000, 7_500, 11_250, 16_875])
    expect(delays.at(-1)).toBe(600_000)
    expect([...delays].sort((a, b) => a - b)).toEqual(delays)
  })

  it('draws a jittered wait between the floor and the exponential value', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(5_000)
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, () => 0.5)).toBe(Math.round(5_000 + 0.5 * (16_875 - 5_000)))
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 0, () => 0.9)).toBe(5_000)
  })
})

describe('chunk plan', () => {
  it('uses one chunk below 10 MiB and five from there, the last taking the remainder', () => {
    expect(chunkCount(DEFAULT_PARALLEL_THRESHOLD - 1n, 5, DEFAULT_PARALLEL_THRESHOLD)).toBe(1)
    expect(chunkCount(0n, 5, DEFAULT_PARALLEL_THRESHOLD)).toBe(1)
    expect(chunkCount(DEFAULT_PARALLEL_THRESHOLD, 5, DEFAULT_PARALLEL_THRESHOLD)).toBe(5)
    expect(chunkRanges(17n, 5).map(({ start, end }) => [start, end])).toEqual([
      [0n, 3n],
      [3n, 6n],
      [6n, 9n],
      [9n, 12n],
      [12n, 17n],
    ])
  })
})

describe('Range header', () => {
  it.each([
    [undefined, undefined],
    ['bytes=0-9', { start: 0n, end: 10n }],
    ['bytes=90-', { start: 90n, end: 100n }],
    ['bytes=-5', { start: 95n, end: 100n }],
    ['bytes=-500', { start: 0n, end: 100n }],
    ['bytes=95-500', { start: 95n, end: 100n }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=5-4', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=0-1,3-4', 'unsatisfiable'],
    ['bytes=-', 'unsatisfiable'],
  ] as const)('%s on 100 bytes', (header, expected) => {
    expect(parseRange(header, 100n)).toEqual(expected)
  })
})

describe('address rules', () => {
  it("treats Go's IsPrivate ranges as private, and loopback and link-local as not", () => {
    for (const host of [
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.0.1',
      'fc00::1',
      'fdff::2',
      '::ffff:10.1.1.1',
    ]) {
      expect(isPrivateIp(host), host).toBe(true)
    }
    for (const host of [
      '172.32.0.1',
      '8.8.8.8',
      '127.0.0.1',
      '169.254.1.1',
      'fe80::1',
      '::1',
      'example.com',
    ]) {
      expect(isPrivateIp(host), host).toBe(false)
    }
    expect(['127.0.0.1', '127.9.9.9', '::1', 'localhost'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(isLoopbackHost('10.0.0.1')).toBe(false)
  })
})
