import { beforeEach, describe, expect, it } from 'vitest'
import { RELEASE_RETRY_MS } from '../../src/provider/entry/context.ts'
import { StepText } from '../../src/provider/index.ts'
import { FakeDealStream } from '../fakes/provider-network.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('FailDeal', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
    world.node.reserved = 10_000n
  })

  it('succeeds', async () => {
    const deal = await world.deal('StorageDealFailing', { Message: 'something broke' })
    const run = await runEntry(world, deal)
    expect(run.types).toEqual(['ProviderEventFailed'])
    expect(run.deal.State).toBe('StorageDealError')
    expect(run.deal.Message).toBe('something broke')
    expect(world.network.untags).toEqual([{ peer: world.clientPeer, tag: deal.ProposalCid.toString() }])
    // The deal's staging area is removed.
    expect(world.staging.deleted).toEqual([deal.InboundCAR])
  })

  it('succeeds, funds released', async () => {
    const run = await runEntry(world, await world.deal('StorageDealFailing', { FundsReserved: 10_000n }))
    expect(run.types).toEqual(['ProviderEventFundsReleased', 'ProviderEventFailed'])
    expect(run.deal.State).toBe('StorageDealError')
    expect(world.node.faults.of('releaseFunds')).toEqual([[world.provider, 10_000n]])
    expect(run.deal.FundsReserved).toBe(0n)
    expect(world.node.reserved).toBe(0n)
  })

  it('succeeds, file deletions', async () => {
    world.staging.plant('file.txt', world.payload)
    world.staging.plant('metadataPath.txt', new Uint8Array([1]))
    const deal = await world.deal('StorageDealFailing', {
      PiecePath: 'file.txt',
      MetadataPath: 'metadataPath.txt',
      InboundCAR: '',
    })
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealError')
    expect(world.staging.deleted).toEqual(['file.txt', 'metadataPath.txt'])
  })

  it('stays in Failing while the node refuses the release, and asks again on the shared schedule', async () => {
    world.node.faults.fail('releaseFunds', new Error('node offline'))
    const run = await runEntry(world, await world.deal('StorageDealFailing', { FundsReserved: 10_000n }), {
      during: async () => {
        await world.clock.runDue()
        // Two refusals (now and one retry later), then the node takes it.
        await world.clock.advance(RELEASE_RETRY_MS)
        world.node.faults.heal()
        await world.clock.advance(RELEASE_RETRY_MS)
      },
    })
    expect(world.node.faults.of('releaseFunds')).toHaveLength(3)
    expect(run.types).toEqual(['ProviderEventFundsReleased', 'ProviderEventFailed'])
    expect(run.deal.State).toBe('StorageDealError')
    expect(run.deal.FundsReserved).toBe(0n)
    expect(world.node.reserved).toBe(0n)
    expect(world.warnings.some((w) => w.includes(StepText.releaseFunds))).toBe(true)
  })

  it('a deal stopped while the node refuses keeps the reservation on its record', async () => {
    world.node.faults.fail('releaseFunds', new Error('node offline'))
    const run = await runEntry(world, await world.deal('StorageDealFailing', { FundsReserved: 10_000n }), {
      during: async ({ abort }) => {
        await world.clock.runDue()
        abort()
      },
    })
    expect(run.types).toEqual([])
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.FundsReserved).toBe(10_000n)
  })

  it('closes a client stream the deal still holds, and logs files it cannot remove', async () => {
    const deal = await world.deal('StorageDealFailing')
    const stream = new FakeDealStream(world.clientPeer, {
      DealProposal: null,
      Piece: null,
      FastRetrieval: false,
    })
    world.streams.remember(deal.ProposalCid, stream)
    world.staging.faults.fail('delete', new Error('busy'))
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealError')
    expect(stream.closed).toBe(1)
    expect(world.warnings.some((w) => w.includes('busy'))).toBe(true)
  })
})
