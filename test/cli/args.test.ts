import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../src/cli/args.ts'
import { UsageError } from '../../src/cli/errors.ts'

const spec = {
  flags: {
    deals: { kind: 'value', placeholder: 'N', description: 'deals' },
    store: { kind: 'value', placeholder: 'DIR', description: 'store' },
    verbose: { kind: 'boolean', short: 'v', description: 'more' },
  },
  positionals: [{ name: 'file', description: 'a file' }],
} as const

function usageReason(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof UsageError) return error.reason
    throw error
  }
  throw new Error('no UsageError')
}

describe('parseArgs', () => {
  it('reads value flags in both spellings, boolean flags, short aliases and positionals', () => {
    const parsed = parseArgs(['--deals', '3', 'a.bin', '--store=/tmp/s', '-v'], spec, 'cmd')
    expect(parsed).toEqual({
      help: false,
      flags: { deals: '3', store: '/tmp/s', verbose: true },
      positionals: ['a.bin'],
    })
  })

  it('leaves absent flags undefined or false', () => {
    expect(parseArgs(['x'], spec, 'cmd').flags).toEqual({
      deals: undefined,
      store: undefined,
      verbose: false,
    })
  })

  it('takes a negative number as a value and everything after -- as positionals', () => {
    expect(parseArgs(['--deals', '-1', '--', '--store'], spec, 'cmd')).toMatchObject({
      flags: { deals: '-1' },
      positionals: ['--store'],
    })
  })

  it('stops at --help without checking the rest', () => {
    expect(parseArgs(['--bogus', '-h'], spec, 'cmd').help).toBe(true)
  })

  it.each([
    [['--bogus', 'x'], 'unknown-flag'],
    [['-q', 'x'], 'unknown-flag'],
    [['x', '--deals'], 'missing-value'],
    [['--deals', '--verbose', 'x'], 'missing-value'],
    [['--deals=', 'x'], 'missing-value'],
    [['--deals', '1', '--deals', '2', 'x'], 'repeated-flag'],
    [['--verbose=yes', 'x'], 'bad-value'],
    [[], 'missing-argument'],
    [['x', 'y'], 'unexpected-argument'],
  ])('rejects %j as %s', (argv, reason) => {
    expect(usageReason(() => parseArgs(argv, spec, 'cmd'))).toBe(reason)
  })

  it('refuses to run without a required flag', () => {
    const required = {
      flags: { price: { kind: 'value', description: 'p', required: true } },
      positionals: [],
    } as const
    expect(usageReason(() => parseArgs([], required, 'cmd'))).toBe('missing-argument')
  })
})
