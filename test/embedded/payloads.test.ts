/** The client's payload stores: CARs in memory or as files that a reopened market finds again. */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import { buildCar, pieceCommitmentOf } from '../../src/adapters/piece/index.ts'
import { FilePayloadStore, MemoryPayloadStore } from '../../src/embedded/payloads.ts'
import { PayloadNotFoundError } from '../../src/errors.ts'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function bytesOf(source: AsyncIterable<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source
  const parts: number[] = []
  for await (const chunk of source) parts.push(...chunk)
  return Uint8Array.from(parts)
}

const A = new TextEncoder().encode('first payload')
const B = new TextEncoder().encode('second payload')

describe('MemoryPayloadStore', () => {
  it('keeps the CAR of each import and describes it', async () => {
    const store = new MemoryPayloadStore()
    const info = await store.add(A)
    const expected = await buildCar(A)
    expect(info).toEqual({
      root: expected.root,
      pieceCid: expected.pieceCid,
      pieceSize: expected.pieceSize,
      carSize: expected.carSize,
      dataSize: A.length,
    })
    expect(await bytesOf(store.car(info.root))).toEqual(expected.car)
    expect(store.get(info.root)).toEqual(info)
    expect(() => store.get(CID.parse('bafkqaaa'))).toThrow(PayloadNotFoundError)
  })
})

describe('FilePayloadStore', () => {
  it('finds its payloads again, in import order, with CARs matching their piece', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fildeal-payloads-'))
    dirs.push(dir)
    const first = await FilePayloadStore.open(dir)
    const a = await first.add(A)
    const b = await first.add(B)

    const reopened = await FilePayloadStore.open(dir)
    expect(reopened.list()).toEqual([a, b])
    const car = await bytesOf(reopened.car(b.root))
    expect(car.length).toBe(b.carSize)
    expect((await pieceCommitmentOf(car)).pieceCid.equals(b.pieceCid)).toBe(true)
    expect((await readdir(dir)).sort()).toEqual(
      [`${a.root}.car`, `${a.root}.json`, `${b.root}.car`, `${b.root}.json`].sort(),
    )
    expect(() => reopened.car(CID.parse('bafkqaaa'))).toThrow(PayloadNotFoundError)
  })
})
