import { beforeEach, describe, expect, it } from 'vitest'
import { RELEASE_RETRY_MS } from '../../src/provider/entry/context.ts'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('WaitForDealCompletion', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  const active = () => world.deal('StorageDealActive', { DealID: 7 })
  const untaggedClient = (tag: string) =>
    expect(world.network.untags).toEqual([{ peer: world.clientPeer, tag }])

  it('releases a reservation the node refused at publish before the deal expires', async () => {
    world.node.reserved = 10_000n
    world.node.completion = { expired: true }
    world.node.faults.fail('releaseFunds', new Error('node offline'))
    const run = await runEntry(
      world,
      await world.deal('StorageDealActive', { DealID: 7, FundsReserved: 10_000n }),
      {
        during: async () => {
          await world.clock.runDue()
          // Refused at entry and when the deal expires; asked again on the shared schedule.
          world.node.faults.heal()
          await world.clock.advance(RELEASE_RETRY_MS)
        },
      },
    )
    expect(run.types).toEqual(['ProviderEventFundsReleased', 'ProviderEventDealExpired'])
    expect(run.deal.State).toBe('StorageDealExpired')
    expect(run.deal.FundsReserved).toBe(0n)
    expect(world.node.reserved).toBe(0n)
    // Released once: twice refused, once taken.
    expect(world.node.faults.of('releaseFunds')).toHaveLength(3)
  })

  it('releases a refused reservation at entry when the node takes it again, once', async () => {
    world.node.reserved = 10_000n
    world.node.completion = { expired: true }
    const run = await runEntry(
      world,
      await world.deal('StorageDealActive', { DealID: 7, FundsReserved: 10_000n }),
    )
    expect(run.types).toEqual(['ProviderEventFundsReleased', 'ProviderEventDealExpired'])
    expect(world.node.faults.of('releaseFunds')).toEqual([[world.provider, 10_000n]])
  })

  it('slashing succeeds', async () => {
    world.node.completion = { slashEpoch: 5 }
    const deal = await active()
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealSlashed')
    expect(run.deal.SlashEpoch).toBe(5)
    untaggedClient(deal.ProposalCid.toString())
  })

  it('expiration succeeds', async () => {
    world.node.completion = { expired: true }
    const deal = await active()
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealExpired')
    untaggedClient(deal.ProposalCid.toString())
  })

  it('slashing fails', async () => {
    world.node.completion = { slashedError: new Error('state lookup failed') }
    const run = await runEntry(world, await active())
    expect(run.deal.State).toBe('StorageDealError')
    expect(run.deal.Message).toBe(
      wrap(EventText.dealCompletionFailed, wrap(StepText.slashingWatch, 'state lookup failed')),
    )
  })

  it('expiration fails', async () => {
    world.node.completion = { expiredError: new Error('state lookup failed') }
    const run = await runEntry(world, await active())
    expect(run.deal.State).toBe('StorageDealError')
    expect(run.deal.Message).toBe(
      wrap(EventText.dealCompletionFailed, wrap(StepText.expiryWatch, 'state lookup failed')),
    )
  })

  it('fails synchronously', async () => {
    world.node.faults.fail('onDealExpiredOrSlashed', new Error('cannot watch'))
    const run = await runEntry(world, await active())
    expect(run.deal.State).toBe('StorageDealError')
    expect(run.deal.Message).toBe(wrap(EventText.dealCompletionFailed, 'cannot watch'))
  })

  it('returns once the watch is registered and keeps it for the life of the provider', async () => {
    const run = await runEntry(world, await active())
    expect(run.events).toEqual([])
    expect(world.node.held.expired).toBeDefined()
    const [[, signal]] = world.node.faults.of('onDealExpiredOrSlashed') as [[bigint, AbortSignal]]
    expect(signal.aborted).toBe(false)
    world.lifetime.abort()
    expect(signal.aborted).toBe(true)
  })
})
