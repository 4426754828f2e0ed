import { beforeEach, describe, expect, it } from 'vitest'
import { encodeResponse, verifySignature } from '../../src/market/index.ts'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { FakeDealStream } from '../fakes/provider-network.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('DecideOnProposal', () => {
  let world: ProviderWorld
  let stream: FakeDealStream
  const accepting = async () => {
    const deal = await world.deal('StorageDealAcceptWait')
    stream = new FakeDealStream(world.clientPeer, { DealProposal: null, Piece: null, FastRetrieval: false })
    world.streams.remember(deal.ProposalCid, stream)
    return deal
  }
  beforeEach(async () => {
    world = await createProviderWorld()
  })

  it('succeeds', async () => {
    const deal = await accepting()
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealWaitingForData')
    expect(stream.responses).toHaveLength(1)
    const [signed] = stream.responses
    expect(signed?.Response).toEqual({
      State: 'StorageDealWaitingForData',
      Message: '',
      Proposal: deal.ProposalCid,
      PublishMessage: null,
    })
    // Signed by the worker key over the response's CBOR, and the stream is closed afterwards.
    expect(
      signed?.Signature && verifySignature(signed.Signature, world.worker, encodeResponse(signed.Response)),
    ).toBe(true)
    expect(stream.closed).toBe(1)
    expect(world.streams.size).toBe(0)
  })

  it('Custom Decision Rejects Deal', async () => {
    world.filter = () => ({ accept: false, reason: 'no pieces over 100% of %s' })
    const run = await runEntry(world, await accepting())
    expect(run.deal.State).toBe('StorageDealRejecting')
    // The reason is kept as plain text (the reference passes it through a format string).
    expect(run.deal.Message).toBe(wrap(EventText.dealRejected, 'no pieces over 100% of %s'))
    expect(stream.responses).toHaveLength(0)
  })

  it('Custom Decision Errors', async () => {
    world.filter = () => {
      throw new Error('policy database unavailable')
    }
    const run = await runEntry(world, await accepting())
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toBe(
      wrap(EventText.dealRejected, wrap(StepText.decisionFailed, 'policy database unavailable')),
    )
  })

  it('SendSignedResponse errors', async () => {
    const deal = await accepting()
    stream.faults.fail('writeDealResponse', new Error('stream reset'))
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.sendResponseFailed, 'stream reset'))
    expect(stream.closed).toBe(1)
  })

  it('keeps an acceptance it cannot send because the client stream is gone (after a restart)', async () => {
    const deal = await world.deal('StorageDealAcceptWait')
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealWaitingForData')
    expect(run.deal.Message).toBe('')
  })

  it('gives the deal filter the deal and a snapshot of the provider', async () => {
    const seen: unknown[] = []
    world.filter = (deal, provider) => {
      seen.push(deal.ProposalCid.toString(), provider.address.toString(), provider.ask?.Price)
      return { accept: true }
    }
    const deal = await accepting()
    await runEntry(world, deal)
    expect(seen).toEqual([deal.ProposalCid.toString(), world.provider.toString(), 10_000_000n])
  })
})
