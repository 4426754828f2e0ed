/** The demo runner behind `fildeal demo`. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededBytes } from '../../src/embedded/demo.ts'
import { runDemo } from '../../src/embedded/index.ts'
import { AbortError } from '../../src/errors.ts'

describe('runDemo', () => {
  it('takes ten generated deals to Expired with nothing left locked', async () => {
    const finished: number[] = []
    const result = await runDemo({ onProgress: (progress) => finished.push(progress.finished) })
    expect(result).toMatchObject({ resumed: false, proposed: 10 })
    expect(result.summary.deals).toHaveLength(10)
    for (const deal of result.summary.deals) {
      expect(deal).toMatchObject({ clientState: 'StorageDealExpired', providerState: 'StorageDealExpired' })
      expect(deal.dealId).toBeGreaterThan(0)
      expect(deal.sectorNumber).toBeGreaterThan(0)
    }
    expect(new Set(result.summary.deals.map((deal) => deal.pieceCid.toString())).size).toBe(10)
    expect(result.summary.lockedTotal).toBe(0n)
    expect(result.summary.accountedSupply).toBe(result.summary.totalSupply)
    expect(result.epochs).toBeGreaterThan(0)
    expect(finished.at(-1)).toBe(10)
  })

  it('proposes the rest of a run stopped while it was still proposing', { timeout: 60_000 }, async () => {
    const store = await mkdtemp(join(tmpdir(), 'fildeal-demo-plan-'))
    try {
      const controller = new AbortController()
      const stopped = runDemo({
        store,
        deals: 5,
        size: 512,
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.deals.length >= 2) controller.abort(new AbortError('stopped while proposing'))
        },
      })
      await expect(stopped).rejects.toBeInstanceOf(AbortError)

      // Other options do not change the stored run: it proposes its own files, each once.
      const resumed = await runDemo({ store, deals: 9, size: 2_000 })
      expect(resumed.resumed).toBe(true)
      expect(resumed.proposed).toBeGreaterThan(0)
      expect(resumed.proposed).toBeLessThanOrEqual(3)
      const { deals } = resumed.summary
      expect(deals).toHaveLength(5)
      expect(new Set(deals.map((deal) => deal.pieceCid.toString())).size).toBe(5)
      for (const deal of deals) expect(deal.clientState).toBe('StorageDealExpired')
      expect(resumed.summary.lockedTotal).toBe(0n)

      // The plan is gone with its last proposal: the next run starts new deals.
      const next = await runDemo({ store, deals: 1, size: 512 })
      expect(next).toMatchObject({ resumed: false, proposed: 1 })
      expect(next.summary.deals).toHaveLength(6)
    } finally {
      await rm(store, { recursive: true, force: true })
    }
  })

  it('refuses nonsensical options', async () => {
    await expect(runDemo({ deals: -1 })).rejects.toBeInstanceOf(RangeError)
    await expect(runDemo({ size: 0 })).rejects.toBeInstanceOf(RangeError)
  })
})

describe('seededBytes', () => {
  it('gives the same bytes for the same seed and different ones otherwise', () => {
    expect(seededBytes(5, 37)).toEqual(seededBytes(5, 37))
    expect(seededBytes(5, 37)).not.toEqual(seededBytes(6, 37))
    expect(seededBytes(5, 37)).toHaveLength(37)
    expect(new Set(seededBytes(9, 4096)).size).toBeGreaterThan(200)
  })
})
