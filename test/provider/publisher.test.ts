import { beforeEach, describe, expect, it } from 'vitest'
import {
  AbortError,
  DealNotPublishableError,
  NotEnoughFundsError,
  NotStartedError,
  PublishDealsRejectedError,
} from '../../src/errors.ts'
import { clientDealProposalCid } from '../../src/market/index.ts'
import { DealPublisher, type PublishRequest } from '../../src/provider/index.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'

const HOUR = 3_600_000

describe('DealPublisher', () => {
  let world: ProviderWorld
  let publisher: DealPublisher
  let requests: PublishRequest[]
  beforeEach(async () => {
    world = await createProviderWorld()
    publisher = new DealPublisher({ node: world.node, clock: world.clock })
    requests = []
    for (let i = 0; i < 20; i++) {
      const proposal = await world.proposal({ Label: `deal ${i}` })
      requests.push({ proposalCid: await clientDealProposalCid(proposal), proposal })
    }
  })
  const labels = () => world.node.publishedBatches.map((batch) => batch.map((d) => d.Proposal.Label))
  const labelRange = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `deal ${from + i}`)

  it('sends 20 deals in 3 messages of at most 8, the last one when the period ends', async () => {
    const timers: number[] = []
    const results = requests.map((request) => {
      const result = publisher.publish(request)
      timers.push(world.clock.pending)
      return result
    })
    await world.clock.runDue()
    expect(labels()).toEqual([labelRange(0, 8), labelRange(8, 16)])
    // One timer for the whole queue, never one per deal.
    expect(Math.max(...timers)).toBe(1)
    expect(publisher.pending).toBe(4)
    await world.clock.advance(HOUR - 1)
    expect(world.node.publishedBatches).toHaveLength(2)
    await world.clock.advance(1)
    expect(labels()).toEqual([labelRange(0, 8), labelRange(8, 16), labelRange(16, 20)])
    const cids = (await Promise.all(results)).map(String)
    expect(new Set(cids).size).toBe(3)
    expect(cids.slice(0, 8).every((cid) => cid === cids[0])).toBe(true)
    expect(world.clock.pending).toBe(0)
  })

  it('fails an invalid deal alone and publishes the rest of its batch without it', async () => {
    world.node.publishOutcomes.push(
      new PublishDealsRejectedError([{ index: 2, reason: 'client signature invalid' }]),
    )
    const results = requests
      .slice(0, 8)
      .map((request) => publisher.publish(request).then(String, (e: unknown) => e))
    const settled = await Promise.all(results)
    expect(settled[2]).toBeInstanceOf(DealNotPublishableError)
    expect((settled[2] as Error).message).toContain('client signature invalid')
    expect(labels()).toEqual([labelRange(0, 8).filter((label) => label !== 'deal 2')])
    expect(settled.filter((r) => typeof r === 'string')).toHaveLength(7)
  })

  it('publishes each deal alone when a batch fails without naming the deal at fault', async () => {
    world.node.publishOutcomes.push(new Error('mpool rejected message'), 'ok', new Error('bad deal'), 'ok')
    const results = requests
      .slice(0, 3)
      .map((request) => publisher.publish(request).then(String, (e: Error) => e))
    publisher.publishPendingNow()
    const settled = await Promise.all(results)
    expect((settled[1] as Error).message).toBe('bad deal')
    expect(labels()).toEqual([['deal 0'], ['deal 2']])
  })

  it('keeps the batch queued while the wallet cannot pay, reports it, and retries with the clock', async () => {
    world.node.publishOutcomes.push(new NotEnoughFundsError('balance too low'))
    const delays: string[] = []
    const result = publisher.publish(requests[0] as PublishRequest, {
      onDelayed: (reason) => delays.push(reason),
    })
    publisher.publishPendingNow()
    await world.clock.runDue()
    expect(delays).toEqual(['balance too low'])
    expect(publisher.pending).toBe(1)
    expect(world.clock.pending).toBe(1)
    await world.clock.advance(600_000)
    await expect(result).resolves.toBeDefined()
    expect(labels()).toEqual([['deal 0']])
  })

  it('drops a deal whose caller gave up before its batch was sent', async () => {
    const controller = new AbortController()
    const dropped = publisher.publish(requests[0] as PublishRequest, { signal: controller.signal })
    const kept = publisher.publish(requests[1] as PublishRequest)
    controller.abort()
    await expect(dropped).rejects.toBeInstanceOf(AbortError)
    publisher.publishPendingNow()
    await kept
    expect(labels()).toEqual([['deal 1']])
  })

  it('joins a deal published again while it waits, instead of sending it twice', async () => {
    const first = publisher.publish(requests[0] as PublishRequest)
    const again = publisher.publish(requests[0] as PublishRequest)
    publisher.publishPendingNow()
    expect(String(await first)).toBe(String(await again))
    expect(labels()).toEqual([['deal 0']])
  })

  it('rejects queued deals and leaves no timer when stopped', async () => {
    const queued = publisher.publish(requests[0] as PublishRequest)
    expect(world.clock.pending).toBe(1)
    publisher.stop()
    await expect(queued).rejects.toBeInstanceOf(NotStartedError)
    expect(world.clock.pending).toBe(0)
    await expect(publisher.publish(requests[1] as PublishRequest)).rejects.toBeInstanceOf(NotStartedError)
  })

  it('aborts a publish call in flight when stopped, without sending the deals again', async () => {
    world.node.faults.block('publishDeals')
    const results = requests.slice(0, 2).map((request) => publisher.publish(request).catch((e: unknown) => e))
    publisher.publishPendingNow()
    await world.clock.runDue()
    publisher.stop()
    expect((await Promise.all(results)).every((r) => r instanceof AbortError)).toBe(true)
    expect(world.node.faults.of('publishDeals')).toHaveLength(1)
  })

  it('honours a smaller batch size and a shorter period', async () => {
    const small = new DealPublisher(
      { node: world.node, clock: world.clock },
      { maxDealsPerMessage: 2, publishPeriodMs: 60_000 },
    )
    const results = requests.slice(0, 3).map((request) => small.publish(request))
    await world.clock.advance(60_000)
    await Promise.all(results)
    expect(labels()).toEqual([['deal 0', 'deal 1'], ['deal 2']])
  })
})
