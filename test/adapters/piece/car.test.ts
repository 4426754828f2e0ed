import { CarReader } from '@ipld/car/reader'
import * as dagCbor from '@ipld/dag-cbor'
import { Piece } from '@web3-storage/data-segment'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import {
  buildCar,
  decodePayloadRoot,
  PAYLOAD_CHUNK_BYTES,
  pieceCommitmentOfBytes,
  rechunk,
} from '../../../src/adapters/piece/index.ts'
import { AbortError, DecodeError } from '../../../src/errors.ts'
import { concat, firstDifference, pseudoRandomBytes, splitAt } from './bytes.ts'

/** Reads a CAR back, checks every block against its CID, and reassembles the data. */
async function readBack(car: Uint8Array): Promise<{ roots: string[]; data: Uint8Array; blocks: number }> {
  const reader = await CarReader.fromBytes(car)
  const roots = (await reader.getRoots()).map(String)
  let blocks = 0
  for await (const block of reader.blocks()) {
    const digest = await sha256.digest(block.bytes)
    expect(digest.bytes).toEqual(block.cid.multihash.bytes)
    blocks++
  }
  const [root] = await reader.getRoots()
  const rootBlock = root === undefined ? undefined : await reader.get(root)
  if (rootBlock === undefined) throw new Error('root block missing')
  expect(rootBlock.cid.code).toBe(dagCbor.code)
  const node = decodePayloadRoot(rootBlock.bytes)
  const chunks = []
  for (const cid of node.chunks) {
    expect(cid.code).toBe(raw.code)
    const chunk = await reader.get(cid)
    if (chunk === undefined) throw new Error(`chunk ${cid} missing`)
    chunks.push(chunk.bytes)
  }
  const data = concat(chunks)
  expect(data.length).toBe(node.size)
  return { roots, data, blocks }
}

describe('buildCar', () => {
  it('round-trips data of several chunks through a CAR whose blocks verify', async () => {
    const data = pseudoRandomBytes(2 * PAYLOAD_CHUNK_BYTES + 12_345, 11)
    const imported = await buildCar(data)
    const back = await readBack(imported.car)
    expect(back.roots).toEqual([imported.root.toString()])
    expect(firstDifference(back.data, data)).toBe(-1)
    expect(back.blocks).toBe(4)
    expect(imported.dataSize).toBe(data.length)
    expect(imported.carSize).toBe(imported.car.length)
  })

  it('returns the piece CID of the CAR bytes, as data-segment computes it', async () => {
    const imported = await buildCar(pseudoRandomBytes(5_000, 4))
    expect(imported.pieceCid.equals(pieceCommitmentOfBytes(imported.car).pieceCid)).toBe(true)
    const theirs = Piece.fromPayload(imported.car)
    expect(imported.pieceCid.toString()).toBe(theirs.toInfo().link.toString())
    expect(imported.pieceSize).toBe(Number(theirs.size))
  })

  it('is deterministic: the same data gives the same root, CAR and piece', async () => {
    const data = pseudoRandomBytes(3_000, 2)
    const [a, b] = await Promise.all([buildCar(data), buildCar(Uint8Array.from(data))])
    expect(a.root.equals(b.root)).toBe(true)
    expect(firstDifference(a.car, b.car)).toBe(-1)
    expect(a.pieceCid.equals(b.pieceCid)).toBe(true)
  })

  it('imports empty data as a root node with no chunks', async () => {
    const imported = await buildCar(new Uint8Array(0))
    const back = await readBack(imported.car)
    expect(back.data.length).toBe(0)
    expect(back.blocks).toBe(1)
  })

  it('rejects with AbortError when aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(buildCar(new Uint8Array(10), { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    )
  })
})

describe('rechunk', () => {
  it('cuts any chunking into fixed-size chunks without losing bytes', async () => {
    const data = pseudoRandomBytes(1_000, 8)
    const out: Uint8Array[] = []
    for await (const chunk of rechunk(splitAt(data, [3, 250, 251, 999]), 128))
      out.push(Uint8Array.from(chunk))
    expect(out.map((chunk) => chunk.length)).toEqual([128, 128, 128, 128, 128, 128, 128, 104])
    expect(concat(out)).toEqual(data)
  })
})

describe('decodePayloadRoot', () => {
  it('refuses a node that is not a payload root', () => {
    expect(() => decodePayloadRoot(dagCbor.encode({ size: 'big' }))).toThrow(DecodeError)
    expect(() => decodePayloadRoot(dagCbor.encode({ size: 1, chunks: [1] }))).toThrow(DecodeError)
    expect(() => decodePayloadRoot(new Uint8Array([0xff]))).toThrow(DecodeError)
  })
})
