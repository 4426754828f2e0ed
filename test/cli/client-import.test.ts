import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildCar } from '../../src/adapters/piece/index.ts'
import { main } from '../../src/cli/main.ts'
import { captureIo, fieldValue } from './capture.ts'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-cli-import-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function payload(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) % 251
  return bytes
}

describe('fildeal client import', () => {
  it('prints the root CID, piece CID and padded piece size the piece adapter computes', async () => {
    const data = payload(3_000)
    const file = join(dir, 'data.bin')
    await writeFile(file, data)
    const expected = await buildCar(data)
    const { io, out, err } = captureIo()
    expect(await main(['client', 'import', file], io)).toBe(0)
    expect(err).toEqual([])
    expect(fieldValue(out, 'Root CID')).toBe(expected.root.toString())
    expect(fieldValue(out, 'Piece CID')).toBe(expected.pieceCid.toString())
    expect(fieldValue(out, 'Piece size')).toBe(`4 KiB (${expected.pieceSize} bytes, padded)`)
    expect(expected.pieceSize).toBe(4096)
  })

  it('keeps the CAR only when --car names a path', async () => {
    const file = join(dir, 'data.bin')
    await writeFile(file, payload(500))
    const car = join(dir, 'out.car')
    const { io, out } = captureIo()
    expect(await main(['client', 'import', '--car', car, file], io)).toBe(0)
    expect((await stat(car)).size).toBeGreaterThan(500)
    expect(fieldValue(out, 'CAR')).toMatch(/^.*out\.car \(\d+ bytes\)$/)
    expect((await readdir(dir)).sort()).toEqual(['data.bin', 'out.car'])
  })

  it('fails with exit code 1 and one line when the file cannot be read', async () => {
    const { io, out, err } = captureIo()
    expect(await main(['client', 'import', join(dir, 'missing.bin')], io)).toBe(1)
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(/^fildeal: cannot read /)
  })
})
