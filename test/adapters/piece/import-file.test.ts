import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importFile } from '../../../src/adapters/piece/import-file.ts'
import { buildCar, pieceCommitmentOfBytes } from '../../../src/adapters/piece/index.ts'
import { fileSource, pieceCommitmentOfFile } from '../../../src/adapters/piece/node-files.ts'
import { AdapterError } from '../../../src/errors.ts'
import { concat, firstDifference, pseudoRandomBytes } from './bytes.ts'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-piece-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('importFile', () => {
  it('writes the same CAR, root and piece CID as building it in memory', async () => {
    const data = pseudoRandomBytes((1 << 20) + 4_321, 21)
    const path = join(dir, 'data.bin')
    await writeFile(path, data)
    const carPath = join(dir, 'data.car')
    const fromFile = await importFile(path, { carPath })
    const inMemory = await buildCar(data)
    expect(firstDifference(await readFile(carPath), inMemory.car)).toBe(-1)
    expect(fromFile.root.equals(inMemory.root)).toBe(true)
    expect(fromFile.pieceCid.equals(inMemory.pieceCid)).toBe(true)
    expect(fromFile).toMatchObject({ carPath, carSize: inMemory.carSize, pieceSize: inMemory.pieceSize })
    expect(fromFile.dataSize).toBe(data.length)
  })

  it('fails with AdapterError for a missing file and leaves no CAR behind', async () => {
    const carPath = join(dir, 'none.car')
    await expect(importFile(join(dir, 'missing.bin'), { carPath })).rejects.toBeInstanceOf(AdapterError)
    await expect(stat(carPath)).rejects.toThrow()
  })
})

describe('pieceCommitmentOfFile', () => {
  it('streams a file to the same commitment as its bytes', async () => {
    const data = pseudoRandomBytes(70_000, 5)
    const path = join(dir, 'payload.bin')
    await writeFile(path, data)
    const streamed = await pieceCommitmentOfFile(path)
    expect(streamed.pieceCid.equals(pieceCommitmentOfBytes(data).pieceCid)).toBe(true)
    expect(streamed.payloadSize).toBe(70_000)
  })

  it('fails with AdapterError when the file cannot be read', async () => {
    await expect(pieceCommitmentOfFile(join(dir, 'missing.bin'))).rejects.toBeInstanceOf(AdapterError)
  })
})

describe('fileSource', () => {
  it('starts from the beginning on every iteration', async () => {
    const data = pseudoRandomBytes(3_000, 6)
    const path = join(dir, 'again.bin')
    await writeFile(path, data)
    const source = fileSource(path)
    for (let pass = 0; pass < 2; pass++) {
      const parts: Uint8Array[] = []
      for await (const chunk of source) parts.push(chunk)
      expect(concat(parts)).toEqual(data)
    }
  })
})
