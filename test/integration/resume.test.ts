/**
 * Resuming from a store directory: a demo run on LevelDB stops while deals are mid-transfer and
 * mid-publication; the demo opened again on the same directory finishes every deal.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { seededBytes } from '../../src/embedded/demo.ts'
import { createEmbeddedMarket, runDemo } from '../../src/embedded/index.ts'
import { CHAINS } from './harness.ts'

let dir: string | undefined

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe.each(CHAINS)('resuming an embedded market from its store (%s chain)', (chain) => {
  it('finishes a run stopped mid-transfer and mid-publication with every deal Expired', {
    timeout: 120_000,
  }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'fildeal-resume-'))
    const first = await createEmbeddedMarket({
      store: dir,
      chain,
      seed: 11,
      transfer: { pacing: { bytesPerTick: 1024 } },
    })
    await first.start()
    expect(first.resumed).toBe(false)
    const sizes = [2_000, 150_000, 3_000, 120_000, 2_500, 140_000]
    for (const [i, size] of sizes.entries()) {
      await first.proposeDeal({ data: await first.importData(seededBytes(i + 1, size)) })
    }
    const stoppedAt = await first.runUntil(
      (progress) =>
        (progress.provider.StorageDealTransferring ?? 0) > 0 &&
        (progress.provider.StorageDealPublishing ?? 0) + (progress.provider.StorageDealPublish ?? 0) > 0,
      { maxEpochs: 20 },
    )
    expect(stoppedAt.finished).toBe(0)
    if (chain === 'simulated') expect(first.lotus).toBeUndefined()
    else expect(first.lotus?.calls.get('Filecoin.WalletSign') ?? 0).toBeGreaterThan(0)
    await first.stop()

    const resumedStates = new Set<string>()
    const result = await runDemo({
      store: dir,
      chain,
      onProgress: (progress) => {
        for (const deal of progress.deals) resumedStates.add(`${deal.client}|${deal.provider}`)
      },
    })
    // Deals cut mid-transfer went through the restart states on both sides.
    const seen = [...resumedStates].join(' ')
    expect(seen).toContain('StorageDealClientTransferRestart')
    expect(seen).toContain('StorageDealProviderTransferAwaitRestart')
    expect(result.resumed).toBe(true)
    expect(result.proposed).toBe(0)
    const { summary } = result
    expect(summary.deals).toHaveLength(sizes.length)
    for (const deal of summary.deals) {
      expect(deal.clientState).toBe('StorageDealExpired')
      expect(deal.providerState).toBe('StorageDealExpired')
    }
    expect(summary.lockedTotal).toBe(0n)
    expect(summary.accountedSupply).toBe(summary.totalSupply)

    // A finished store gets a new round of deals on the same chain.
    const again = await runDemo({ store: dir, chain, deals: 2 })
    expect(again).toMatchObject({ resumed: false, proposed: 2 })
    expect(again.summary.deals).toHaveLength(sizes.length + 2)
    expect(again.summary.epoch).toBeGreaterThan(summary.epoch)
  })
})
