/**
 * Bad input against a real store: bad flags and amounts leave a market's store exactly as it was,
 * and a damaged record inside a sound store gives one line and exit 1, never a stack trace, with
 * nothing written.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { createEmbeddedMarket } from '../../src/embedded/index.ts'
import { captureIo } from './capture.ts'

let dir: string
let store: string

/** Every key and value of the store's datastore, as text. */
async function contents(): Promise<string[]> {
  const level = new LevelDatastore(join(store, 'datastore'))
  await level.open()
  try {
    const entries: string[] = []
    for await (const { key, value } of level.query({}))
      entries.push(`${key} ${Buffer.from(value).toString('hex')}`)
    return entries.sort()
  } finally {
    await level.close()
  }
}

async function put(key: string, value: Uint8Array): Promise<void> {
  const level = new LevelDatastore(join(store, 'datastore'))
  await level.open()
  await level.put(new Key(key), value)
  await level.close()
}

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const { io, out, err } = captureIo()
  const code = await main(argv, io)
  return { code, out, err }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-cli-bad-'))
  store = join(dir, 'store')
  const market = await createEmbeddedMarket({ store, seed: 3 })
  await market.start()
  await market.stop()
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('bad flags and amounts against an existing store', () => {
  const cid = 'bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza'
  const cases: [string, (store: string) => string[]][] = [
    [
      'an amount that does not parse',
      (s) => ['provider', 'set-ask', '--store', s, '--price', '1..2', '--verified-price', '0'],
    ],
    [
      'an amount in an unknown unit',
      (s) => ['provider', 'set-ask', '--store', s, '--price', '1 GFIL', '--verified-price', '0'],
    ],
    [
      'a negative amount',
      (s) => ['provider', 'set-ask', '--store', s, '--price', '1', '--verified-price', '-0.5'],
    ],
    [
      'an amount with no digits',
      (s) => ['provider', 'set-ask', '--store', s, '--price', 'FIL', '--verified-price', '0'],
    ],
    [
      'a piece size that is not a power of two',
      (s) => [
        'provider',
        'set-ask',
        '--store',
        s,
        '--price',
        '1',
        '--verified-price',
        '0',
        '--max-piece-size',
        '3MiB',
      ],
    ],
    [
      'an unknown flag',
      (s) => ['provider', 'set-ask', '--store', s, '--price', '1', '--verified-price', '0', '--force'],
    ],
    ['a CID that does not parse', (s) => ['client', 'get-deal', '--store', s, `${cid}x`]],
    ['a flag given twice', (s) => ['client', 'list-deals', '--store', s, '--store', s]],
  ]
  it.each(cases)('%s: exit 2, one line, the store unchanged', async (_name, argv) => {
    const before = await contents()
    const { code, out, err } = await run(argv(store))
    expect(code).toBe(2)
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(/^fildeal: /)
    expect(await contents()).toEqual(before)
  })
})

describe('a damaged record in a sound store', () => {
  it('makes the commands reading it fail with one line and exit 1, writing nothing', async () => {
    const cid = 'bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza'
    await put(`/client/${cid}`, new Uint8Array([0xa1, 0x61, 0x78]))
    await put(`/provider/deals/provider/${cid}`, new Uint8Array([0xff, 0x00, 0x13]))
    const before = await contents()
    for (const argv of [
      ['client', 'list-deals', '--store', store],
      ['client', 'get-deal', '--store', store, cid],
      ['provider', 'list-deals', '--store', store],
    ]) {
      const { code, out, err } = await run(argv)
      expect(code, argv.join(' ')).toBe(1)
      expect(out).toEqual([])
      expect(err).toHaveLength(1)
      expect(err[0]).toMatch(/^fildeal: /)
      expect(err[0]).not.toMatch(/\n\s+at /)
    }
    expect(await contents()).toEqual(before)
  })
})
