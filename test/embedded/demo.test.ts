/** The demo runner behind `fildeal demo`. */
import { describe, expect, it } from 'vitest'
import { seededBytes } from '../../src/embedded/demo.ts'
import { runDemo } from '../../src/embedded/index.ts'

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
