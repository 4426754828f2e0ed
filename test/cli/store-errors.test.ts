import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { captureIo } from './capture.ts'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-cli-store-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Every file under `root` with its size, content hash and modification time. */
async function snapshot(root: string): Promise<string[]> {
  const entries: string[] = []
  for (const name of (await readdir(root, { recursive: true })).sort()) {
    const path = join(root, name)
    const info = await stat(path)
    const hash = info.isFile()
      ? createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
      : 'dir'
    entries.push(`${name} ${info.size} ${hash} ${info.mtimeMs}`)
  }
  return entries
}

const cid = 'bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza'
const commands = (store: string): string[][] => [
  ['client', 'list-deals', '--store', store],
  ['client', 'get-deal', '--store', store, cid],
  ['provider', 'list-deals', '--store', store],
  ['provider', 'get-ask', '--store', store],
  ['provider', 'set-ask', '--store', store, '--price', '1', '--verified-price', '0'],
]

async function expectFailure(argv: string[], message: RegExp): Promise<void> {
  const { io, out, err } = captureIo()
  expect(await main(argv, io)).toBe(1)
  expect(out).toEqual([])
  expect(err).toHaveLength(1)
  expect(err[0]).toMatch(/^fildeal: store /)
  expect(err[0]).toMatch(message)
}

describe('store commands on a missing store', () => {
  it('exit 1 with one line and create nothing', async () => {
    const store = join(dir, 'none')
    for (const argv of commands(store)) {
      await expectFailure(argv, /does not exist/)
      await expect(stat(store)).rejects.toThrow()
    }
  })
})

describe('store commands on a corrupt store', () => {
  const cases: [string, (store: string) => Promise<void>, RegExp][] = [
    ['an empty directory', async (store) => mkdir(store), /holds no fildeal datastore/],
    [
      'a directory of other files',
      async (store) => {
        await mkdir(store)
        await writeFile(join(store, 'notes.txt'), 'not a store')
      },
      /holds no fildeal datastore/,
    ],
    ['a file', async (store) => writeFile(store, 'not a directory'), /is not a directory/],
    [
      'a datastore whose CURRENT names no manifest',
      async (store) => {
        await mkdir(join(store, 'datastore'), { recursive: true })
        await writeFile(join(store, 'datastore', 'CURRENT'), 'garbage\n')
      },
      /damaged datastore/,
    ],
  ]

  it.each(cases)('exit 1 with one line on %s and leave it unchanged', async (_name, make, message) => {
    const store = join(dir, 'store')
    await make(store)
    const before = await snapshot(dir)
    for (const argv of commands(store)) {
      await expectFailure(argv, message)
      expect(await snapshot(dir)).toEqual(before)
    }
  })

  it('refuse a LevelDB that holds no market, and never create one in it', async () => {
    const store = join(dir, 'store')
    const level = new LevelDatastore(join(store, 'datastore'))
    await level.open()
    await level.put(new Key('/other/thing'), new Uint8Array([1]))
    await level.close()
    for (const argv of commands(store)) await expectFailure(argv, /holds no fildeal market/)
    const reopened = new LevelDatastore(join(store, 'datastore'))
    await reopened.open()
    const keys: string[] = []
    for await (const key of reopened.queryKeys({})) keys.push(key.toString())
    await reopened.close()
    expect(keys).toEqual(['/other/thing'])
  })
})
