import { beforeEach, describe, expect, it } from 'vitest'
import { EventText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('VerifyDealPreCommitted', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  const waiting = () => world.deal('StorageDealAwaitingPreCommit', { DealID: 7 })

  it('succeeds', async () => {
    world.node.preCommit = { sectorNumber: 10n, isActive: false }
    const deal = await waiting()
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealSealing')
    expect(run.deal.SectorNumber).toBe(10)
    const [[watch]] = world.node.faults.of('onDealSectorPreCommitted') as [[{ dealId: bigint }]]
    expect(watch).toMatchObject({ dealId: 7n, provider: world.provider, publishCid: deal.PublishCid })
  })

  it('succeeds, active', async () => {
    world.node.preCommit = { isActive: true }
    const run = await runEntry(world, await waiting())
    expect(run.deal.State).toBe('StorageDealFinalizing')
  })

  it('sync error', async () => {
    world.node.faults.fail('onDealSectorPreCommitted', new Error('cannot watch'))
    const run = await runEntry(world, await waiting())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.dealPrecommitFailed, 'cannot watch'))
  })

  it('async error', async () => {
    world.node.preCommit = new Error('sector lost')
    const run = await runEntry(world, await waiting())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.dealPrecommitFailed, 'sector lost'))
  })

  it('reports a pre-commit that arrives later, and nothing once the state is left', async () => {
    world.node.preCommit = 'hold'
    const deal = await waiting()
    const later = await runEntry(world, deal, {
      during: async () => {
        await world.clock.runDue()
        world.node.held.preCommit?.({ sectorNumber: 3n, isActive: false })
      },
    })
    expect(later.deal.SectorNumber).toBe(3)
    const left = await runEntry(world, deal, { during: async ({ abort }) => abort() })
    expect(left.events).toEqual([])
  })
})
