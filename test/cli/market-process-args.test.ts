/**
 * Argument checks of the commands that run market processes (`provider run`, `client deal`,
 * `client query-ask`): every bad input is one line on stderr and a non-zero exit, before anything
 * is started or written.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { captureIo } from './capture.ts'

const PEER = '/ip4/127.0.0.1/tcp/4001/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N'
const LOTUS = ['--lotus-url', 'http://127.0.0.1:1/rpc/v1', '--lotus-token', 't']

let dir: string
let saved: string | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-process-args-'))
  saved = process.env.LOTUS_API_TOKEN
  delete process.env.LOTUS_API_TOKEN
})

afterAll(async () => {
  if (saved !== undefined) process.env.LOTUS_API_TOKEN = saved
  await rm(dir, { recursive: true, force: true })
})

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const { io, out, err } = captureIo()
  const code = await main(argv, io)
  return { code, out, err }
}

describe('market process commands: bad input', () => {
  const store = () => join(dir, 'store')
  const deal = (extra: string[], lotus: readonly string[] = LOTUS) => [
    'client',
    'deal',
    '--provider',
    PEER,
    '--file',
    join(dir, 'missing.bin'),
    '--store',
    store(),
    '--wallet',
    'f01000',
    ...lotus,
    ...extra,
  ]
  const cases: [string, () => string[], RegExp][] = [
    ['provider run without --store', () => ['provider', 'run', ...LOTUS], /--store/],
    ['provider run without --lotus-url', () => ['provider', 'run', '--store', store()], /--lotus-url/],
    [
      'provider run with a listen address that is no multiaddr',
      () => ['provider', 'run', '--store', store(), '--listen', '127.0.0.1:4001', ...LOTUS],
      /--listen: not a multiaddr/,
    ],
    [
      'provider run without a token to sign with',
      () => ['provider', 'run', '--store', store(), '--lotus-url', 'http://127.0.0.1:1/rpc/v1'],
      /--lotus-token/,
    ],
    [
      'provider run with a shortest deal longer than the longest',
      () => [
        'provider',
        'run',
        '--store',
        store(),
        ...LOTUS,
        '--min-duration',
        '100',
        '--max-duration',
        '10',
      ],
      /--min-duration 100 exceeds --max-duration 10/,
    ],
    [
      'provider run with a price that does not parse',
      () => ['provider', 'run', '--store', store(), ...LOTUS, '--price', 'cheap'],
      /--price/,
    ],
    [
      'provider run with a miner that is no address',
      () => ['provider', 'run', '--store', store(), ...LOTUS, '--miner', 'miner-1'],
      /--miner: not a Filecoin address/,
    ],
    [
      'client deal with a provider address without a peer id',
      () => ['client', 'deal', '--provider', '/ip4/127.0.0.1/tcp/4001', ...deal([]).slice(4)],
      /--provider: the multiaddr must end in \/p2p\//,
    ],
    ['client deal with an unknown protocol', () => deal(['--protocol', 'mk13']), /--protocol must be one of/],
    ['client deal with an unknown milestone', () => deal(['--until', 'forever']), /--until must be one of/],
    ['client deal with a zero duration', () => deal(['--duration', '0']), /--duration/],
    [
      'client deal with a Lotus URL of another scheme',
      () => deal(['--lotus-url', 'ftp://x/rpc/v1'], []),
      /--lotus-url/,
    ],
    ['client query-ask without the provider', () => ['client', 'query-ask', ...LOTUS], /multiaddr/],
    [
      'client query-ask with no multiaddr',
      () => ['client', 'query-ask', 'provider-1', ...LOTUS],
      /not a multiaddr/,
    ],
  ]

  for (const [name, argv, message] of cases) {
    it(`${name}: exit 2, one line`, async () => {
      const result = await run(argv())
      expect(result.code).toBe(2)
      expect(result.err).toHaveLength(1)
      expect(result.err[0]).toMatch(/^fildeal: /)
      expect(result.err[0]).toMatch(message)
      expect(result.out).toEqual([])
    })
  }

  it('fails client deal on a file it cannot read (exit 1, one line) before creating the store', async () => {
    const result = await run(deal([]))
    expect(result.code).toBe(1)
    expect(result.err).toEqual([`fildeal: cannot read ${join(dir, 'missing.bin')}`])
    expect(await readdir(dir)).toEqual([])
  })

  it('takes --protocol mk11 (the push transfer) and refuses an unknown family before anything is written', async () => {
    const mk11 = await run(deal(['--protocol', 'mk11']))
    expect(mk11.code).toBe(1)
    expect(mk11.err).toEqual([`fildeal: cannot read ${join(dir, 'missing.bin')}`])
    const unknown = await run(deal(['--protocol', 'mk10']))
    expect(unknown.code).not.toBe(0)
    expect(unknown.err.join('\n')).toMatch(/--protocol must be one of auto, mk12, mk11, got 'mk10'/)
    expect(await readdir(dir)).toEqual([])
  })
})

describe('market process commands: help', () => {
  it('lists the commands and their flags', async () => {
    const help = await run(['help'])
    for (const name of ['provider run', 'client deal', 'client query-ask'])
      expect(help.out.some((line) => line.trimStart().startsWith(name))).toBe(true)
    const provider = await run(['provider', 'run', '--help'])
    expect(provider.code).toBe(0)
    expect(provider.out.join('\n')).toMatch(/--listen MULTIADDR/)
    const client = await run(['client', 'deal', '--help'])
    expect(client.out.join('\n')).toMatch(/--until MILESTONE/)
    expect(client.out.join('\n')).toMatch(/--protocol auto\|mk12\|mk11/)
  })
})
