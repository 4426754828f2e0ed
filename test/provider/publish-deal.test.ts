import { beforeEach, describe, expect, it } from 'vitest'
import type { StorageProviderNode } from '../../src/adapters/node.ts'
import { NotEnoughFundsError, PublishSearchTimeoutError } from '../../src/errors.ts'
import { PUBLISH_SEARCH_RETRY_MS } from '../../src/provider/entry/publish-deal.ts'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld, START_EPOCH } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('PublishDeal', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  const publishing = () => world.deal('StorageDealPublish', { PublishCid: null })

  it('succeeds', async () => {
    const deal = await publishing()
    const run = await runEntry(world, deal, {
      during: async () => {
        await world.clock.runDue()
        world.publisher.publishPendingNow()
      },
    })
    expect(run.deal.State).toBe('StorageDealPublishing')
    expect(world.node.publishedBatches).toEqual([
      [{ Proposal: deal.Proposal, ClientSignature: deal.ClientSignature }],
    ])
    expect(run.deal.PublishCid).not.toBeNull()
  })

  it('publishes on its own once the publish period ends', async () => {
    const run = await runEntry(world, await publishing(), { during: () => world.clock.advance(3_600_000) })
    expect(run.deal.State).toBe('StorageDealPublishing')
  })

  it('PublishDealsErrors returns not enough funds error', async () => {
    // The reference leaves the deal in Publish silently; here each postponement is recorded and
    // the publish is retried after the retry interval.
    world.node.publishOutcomes.push(new NotEnoughFundsError('wallet balance 0 < 0.05 FIL'))
    const run = await runEntry(world, await publishing(), {
      during: async () => {
        await world.clock.runDue()
        world.publisher.publishPendingNow()
        await world.clock.advance(600_000)
      },
    })
    expect(run.types).toEqual(['ProviderEventInsufficientFunds', 'ProviderEventDealPublishInitiated'])
    expect(run.events[0]).toEqual({
      type: 'ProviderEventInsufficientFunds',
      error: 'wallet balance 0 < 0.05 FIL',
    })
    expect(run.deal.State).toBe('StorageDealPublishing')
    expect(world.node.faults.of('publishDeals')).toHaveLength(2)
  })

  it('stays in Publish with the reason recorded while the wallet cannot pay', async () => {
    world.node.publishOutcomes.push(new NotEnoughFundsError('no funds'))
    const run = await runEntry(world, await publishing(), {
      during: async ({ abort }) => {
        await world.clock.runDue()
        world.publisher.publishPendingNow()
        await world.clock.advance(599_999)
        abort()
      },
    })
    expect(run.deal.State).toBe('StorageDealPublish')
    expect(run.deal.Message).toBe(wrap(EventText.insufficientFunds, 'no funds'))
  })

  it('PublishDealsErrors errors', async () => {
    world.node.publishOutcomes.push(new Error('mpool push failed'))
    const run = await runEntry(world, await publishing(), {
      during: async () => {
        await world.clock.runDue()
        world.publisher.publishPendingNow()
      },
    })
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(
      wrap(EventText.nodeErrored, wrap(StepText.publishCall, 'mpool push failed')),
    )
  })
})

describe('PublishDeal, search for an earlier publish message', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  const publishing = () => world.deal('StorageDealPublish', { PublishCid: null })
  /** Gives the fake node a search that fails `failures` times, then finds nothing. */
  const searchFailing = (failures: number) => {
    const calls: number[] = []
    ;(world.node as StorageProviderNode).findPublishMessage = async () => {
      calls.push(world.clock.now())
      if (calls.length <= failures) throw new PublishSearchTimeoutError(120_000)
      return undefined
    }
    return calls
  }

  it('searches again on the shared schedule while the start epoch allows, then publishes', async () => {
    const calls = searchFailing(2)
    const run = await runEntry(world, await publishing(), {
      during: async () => {
        await world.clock.advance(PUBLISH_SEARCH_RETRY_MS)
        await world.clock.advance(PUBLISH_SEARCH_RETRY_MS)
        world.publisher.publishPendingNow()
      },
    })
    expect(calls).toHaveLength(3)
    expect(run.deal.State).toBe('StorageDealPublishing')
    expect(world.node.publishedBatches).toHaveLength(1)
    expect(world.warnings.some((w) => w.includes(StepText.publishSearchRetry))).toBe(true)
  })

  it('fails without publishing once the head reaches the start epoch with no answer', async () => {
    searchFailing(Number.POSITIVE_INFINITY)
    const run = await runEntry(world, await publishing(), {
      during: async () => {
        await world.clock.advance(PUBLISH_SEARCH_RETRY_MS)
        world.node.head = { ...world.node.head, epoch: START_EPOCH }
        await world.clock.advance(PUBLISH_SEARCH_RETRY_MS)
        world.publisher.publishPendingNow()
      },
    })
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toContain(StepText.publishSearch)
    expect(run.deal.Message).toContain('earlier publish message')
    expect(world.node.publishedBatches).toEqual([])
  })
})
