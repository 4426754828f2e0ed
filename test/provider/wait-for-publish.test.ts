import { beforeEach, describe, expect, it } from 'vitest'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { messageCid } from '../fakes/provider-node.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('WaitForPublish', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
    world.node.nextDealId = 10
    world.node.finalPublishCid = await messageCid('replaced publish message')
    world.node.reserved = 10_000n
  })

  it('succeeds', async () => {
    const deal = await world.deal('StorageDealPublishing', { FundsReserved: 10_000n })
    const run = await runEntry(world, deal)
    expect(run.types).toEqual(['ProviderEventFundsReleased', 'ProviderEventDealPublished'])
    expect(run.deal.State).toBe('StorageDealStaged')
    expect(run.deal.DealID).toBe(10)
    expect(run.deal.PublishCid?.equals(world.node.finalPublishCid)).toBe(true)
    expect(world.node.faults.of('releaseFunds')).toEqual([[world.provider, 10_000n]])
    expect(run.deal.FundsReserved).toBe(0n)
    expect(world.node.reserved).toBe(0n)
  })

  it('succeeds, funds already released', async () => {
    const run = await runEntry(world, await world.deal('StorageDealPublishing'))
    expect(run.deal.State).toBe('StorageDealStaged')
    expect(run.deal.DealID).toBe(10)
    expect(world.node.faults.of('releaseFunds')).toEqual([])
  })

  it('PublishStorageDeal errors', async () => {
    world.node.faults.fail('waitForPublishDeals', new Error('message not found'))
    const run = await runEntry(world, await world.deal('StorageDealPublishing', { FundsReserved: 10_000n }))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(
      wrap(EventText.dealPublishError, wrap(StepText.publishWait, 'message not found')),
    )
    // FailDeal releases the reservation on this path.
    expect(run.deal.FundsReserved).toBe(10_000n)
  })

  it('fails the deal alone when the chain found it invalid', async () => {
    world.node.invalidOnChain = () => true
    const run = await runEntry(world, await world.deal('StorageDealPublishing'))
    expect(run.deal.Message).toBe(
      wrap(EventText.dealPublishError, wrap(StepText.publishWait, 'deal was invalid at publication')),
    )
  })

  it('still publishes when releasing the reservation fails, and logs it', async () => {
    world.node.faults.fail('releaseFunds', new Error('bookkeeping unavailable'))
    const run = await runEntry(world, await world.deal('StorageDealPublishing', { FundsReserved: 10_000n }))
    expect(run.deal.State).toBe('StorageDealStaged')
    expect(world.warnings.some((w) => w.includes('bookkeeping unavailable'))).toBe(true)
  })
})
