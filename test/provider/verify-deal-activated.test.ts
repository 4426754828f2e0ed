import { beforeEach, describe, expect, it } from 'vitest'
import { EventText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('VerifyDealActivated', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  const sealing = () => world.deal('StorageDealSealing', { DealID: 7, SectorNumber: 10 })

  it('succeeds', async () => {
    const run = await runEntry(world, await sealing())
    expect(run.deal.State).toBe('StorageDealFinalizing')
    const [[watch]] = world.node.faults.of('onDealSectorCommitted') as [[{ sectorNumber: bigint }]]
    expect(watch).toMatchObject({ dealId: 7n, sectorNumber: 10n })
  })

  it('sync error', async () => {
    world.node.faults.fail('onDealSectorCommitted', new Error('cannot watch'))
    const run = await runEntry(world, await sealing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.dealActivationFailed, 'cannot watch'))
  })

  it('async error', async () => {
    world.node.commit = new Error('proof failed')
    const run = await runEntry(world, await sealing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.dealActivationFailed, 'proof failed'))
  })
})
