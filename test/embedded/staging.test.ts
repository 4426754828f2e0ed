/**
 * The staging stores shipped for the embedded provider, against the StagingStore contract; the
 * file store also across instances (a restarted provider).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FileStagingStore } from '../../src/adapters/file-staging/index.ts'
import { MemoryStagingStore } from '../../src/adapters/memory-staging/index.ts'
import type { StagingStore } from '../../src/adapters/staging.ts'
import { AbortError, StagedFileNotFoundError, StagingLimitError } from '../../src/errors.ts'

const dirs: string[] = []

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function collect(source: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = []
  for await (const chunk of source) out.push(...chunk)
  return out
}

const stores: [string, () => Promise<StagingStore & { pieceReader: MemoryStagingStore['pieceReader'] }>][] = [
  ['MemoryStagingStore', async () => new MemoryStagingStore()],
  [
    'FileStagingStore',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'fildeal-staging-'))
      dirs.push(dir)
      return new FileStagingStore(dir)
    },
  ],
]

describe.each(stores)('%s', (_name, open) => {
  it('keeps what was written, in order, and reads it again from the start', async () => {
    const staging = await open()
    const path = await staging.create('bafyproposal', 10n)
    const sink = await staging.openWriter(path)
    await sink.write(Uint8Array.of(1, 2, 3))
    await sink.write(Uint8Array.of(4, 5))
    await sink.close()
    await staging.finalize(path)
    await staging.finalize(path)
    expect(await staging.size(path)).toBe(5n)
    expect(await collect(staging.read(path))).toEqual([1, 2, 3, 4, 5])
    expect(await collect(staging.read(path))).toEqual([1, 2, 3, 4, 5])
    const piece = await staging.pieceReader(path)
    expect(piece.size).toBe(5n)
    expect(await collect(piece.open())).toEqual([1, 2, 3, 4, 5])
  })

  it('refuses a chunk past the limit and keeps nothing of it', async () => {
    const staging = await open()
    const path = await staging.create('hint', 4n)
    const sink = await staging.openWriter(path)
    await sink.write(Uint8Array.of(1, 2, 3))
    await expect(sink.write(Uint8Array.of(4, 5))).rejects.toBeInstanceOf(StagingLimitError)
    await sink.write(Uint8Array.of(4))
    await sink.close()
    expect(await collect(staging.read(path))).toEqual([1, 2, 3, 4])
  })

  it('starts again from the first byte for a new writer and refuses the earlier one', async () => {
    const staging = await open()
    const path = await staging.create('hint', 8n)
    const first = await staging.openWriter(path)
    await first.write(Uint8Array.of(9, 9, 9))
    const second = await staging.openWriter(path)
    await second.write(Uint8Array.of(1))
    await expect(first.write(Uint8Array.of(7))).rejects.toThrow(/newer push/)
    await second.close()
    expect(await collect(staging.read(path))).toEqual([1])
  })

  it('gives each area its own path and removes it on delete', async () => {
    const staging = await open()
    const a = await staging.create('same-hint', 1n)
    const b = await staging.create('same-hint', 1n)
    expect(a).not.toBe(b)
    await staging.delete(a)
    await expect(staging.size(a)).rejects.toBeInstanceOf(StagedFileNotFoundError)
    await expect(staging.delete(a)).rejects.toBeInstanceOf(StagedFileNotFoundError)
    await expect(collect(staging.read(a))).rejects.toBeInstanceOf(StagedFileNotFoundError)
    await expect(staging.openWriter(a)).rejects.toBeInstanceOf(StagedFileNotFoundError)
    expect(await staging.size(b)).toBe(0n)
  })

  it('refuses unknown paths and aborted calls', async () => {
    const staging = await open()
    await expect(staging.size('nowhere')).rejects.toBeInstanceOf(StagedFileNotFoundError)
    await expect(staging.finalize('nowhere')).rejects.toBeInstanceOf(StagedFileNotFoundError)
    const signal = AbortSignal.abort()
    await expect(staging.create('hint', 1n, { signal })).rejects.toBeInstanceOf(AbortError)
    await expect(staging.create('hint', -1n)).rejects.toBeInstanceOf(RangeError)
  })
})

describe('FileStagingStore across restarts', () => {
  it('finds the staged data and keeps enforcing the limit the area was created with', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fildeal-staging-'))
    dirs.push(dir)
    const before = new FileStagingStore(dir)
    const path = await before.create('bafyproposal', 3n)
    const sink = await before.openWriter(path)
    await sink.write(Uint8Array.of(1, 2))
    await sink.close()

    const after = new FileStagingStore(dir)
    expect(await collect(after.read(path))).toEqual([1, 2])
    const resumed = await after.openWriter(path)
    await expect(resumed.write(Uint8Array.of(1, 2, 3, 4))).rejects.toBeInstanceOf(StagingLimitError)
    await resumed.close()
    await after.delete(path)
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses paths that would leave its directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fildeal-staging-'))
    dirs.push(dir)
    const staging = new FileStagingStore(dir)
    await expect(staging.size('../outside')).rejects.toBeInstanceOf(StagedFileNotFoundError)
    await expect(staging.delete('../outside')).rejects.toBeInstanceOf(StagedFileNotFoundError)
  })
})
