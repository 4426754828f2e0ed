import { beforeEach, describe, expect, it } from 'vitest'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('CleanupDeal', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
    world.staging.plant('file.txt', world.payload)
    world.staging.plant('metadataPath.txt', new Uint8Array([1]))
  })

  it('succeeds', async () => {
    const run = await runEntry(
      world,
      await world.deal('StorageDealFinalizing', { PiecePath: 'file.txt', InboundCAR: '' }),
    )
    expect(run.deal.State).toBe('StorageDealActive')
    expect(world.staging.deleted).toEqual(['file.txt'])
  })

  it('succeeds w metadata', async () => {
    const deal = await world.deal('StorageDealFinalizing', {
      PiecePath: 'file.txt',
      MetadataPath: 'metadataPath.txt',
    })
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealActive')
    expect(world.staging.deleted).toEqual(['file.txt', 'metadataPath.txt', deal.InboundCAR])
    expect(world.staging.files.has(deal.InboundCAR)).toBe(false)
  })

  it('keeps the deal active and records a file that could not be removed', async () => {
    world.staging.faults.fail('delete', new Error('read-only volume'))
    const run = await runEntry(
      world,
      await world.deal('StorageDealFinalizing', { PiecePath: 'file.txt', InboundCAR: '' }),
    )
    expect(run.types).toEqual(['ProviderEventFileStoreErrored'])
    expect(run.deal.State).toBe('StorageDealActive')
    expect(run.deal.Message).toBe(
      wrap(EventText.fileStoreErrored, wrap(StepText.cleanup, 'file.txt: read-only volume')),
    )
  })
})
