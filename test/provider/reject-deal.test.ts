import { beforeEach, describe, expect, it } from 'vitest'
import { EventText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { FakeDealStream } from '../fakes/provider-network.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('RejectDeal', () => {
  let world: ProviderWorld
  let stream: FakeDealStream
  const rejecting = async () => {
    const deal = await world.deal('StorageDealRejecting', {
      Message: wrap(EventText.dealRejected, 'too small'),
    })
    stream = new FakeDealStream(world.clientPeer, { DealProposal: null, Piece: null, FastRetrieval: false })
    world.streams.remember(deal.ProposalCid, stream)
    return deal
  }
  beforeEach(async () => {
    world = await createProviderWorld()
  })

  it('succeeds', async () => {
    const deal = await rejecting()
    const run = await runEntry(world, deal)
    expect(run.types).toEqual(['ProviderEventRejectionSent'])
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(stream.responses.map((r) => r.Response)).toEqual([
      {
        State: 'StorageDealFailing',
        Message: deal.Message,
        Proposal: deal.ProposalCid,
        PublishMessage: null,
      },
    ])
    expect(stream.closed).toBe(1)
  })

  it('fails if it cannot send a response', async () => {
    const deal = await rejecting()
    stream.faults.fail('writeDealResponse', new Error('stream reset'))
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.sendResponseFailed, 'stream reset'))
  })

  it('still moves on when closing the stream fails, and logs it', async () => {
    const deal = await rejecting()
    stream.faults.fail('close', new Error('already closed'))
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(world.warnings.some((w) => w.includes('already closed'))).toBe(true)
  })
})
