import type { CID } from 'multiformats/cid'
import { beforeEach, describe, expect, it } from 'vitest'
import { DealNotFoundError, NotEnoughFundsError } from '../../src/errors.ts'
import { encodeResponse, verifySignature } from '../../src/market/index.ts'
import { EventText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { FakeDealStream } from '../fakes/provider-network.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { REFERENCE_ONLINE_PROVIDER_STATES } from '../fixtures/reference-sequences.ts'
import { propose, type RunningProvider, startProvider, statesOf, untilState } from './provider-harness.ts'

describe('StorageProvider', () => {
  let world: ProviderWorld
  let running: RunningProvider
  beforeEach(async () => {
    world = await createProviderWorld()
    running = await startProvider(world)
  })

  it('serves the network and data transfers once started, and stops serving when stopped', async () => {
    expect(world.network.receiver).toBe(running.provider)
    expect(world.dataTransfer.validator).toBeDefined()
    expect(world.dataTransfer.listeners).toBe(1)
    await running.provider.stop()
    expect(world.network.stopped).toBe(true)
    expect(world.dataTransfer.listeners).toBe(0)
  })

  it('takes an online deal from proposal to expiry through every reference state', async () => {
    const { provider } = running
    const { proposalCid, stream, channel } = await propose(world, provider)
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    const [accepted] = stream.responses
    expect(accepted?.Response.State).toBe('StorageDealWaitingForData')
    expect(
      accepted?.Signature &&
        verifySignature(accepted.Signature, world.worker, encodeResponse(accepted.Response)),
    ).toBe(true)
    expect(stream.closed).toBe(1)

    world.dataTransfer.emit('opened', channel, proposalCid)
    await world.dataTransfer.push(channel, proposalCid, world.root, world.payload)
    world.dataTransfer.emit('completed', channel, proposalCid)
    await untilState(world, provider, proposalCid, 'StorageDealActive')
    world.node.held.expired?.(undefined)
    const deal = await untilState(world, provider, proposalCid, 'StorageDealExpired')

    expect(statesOf(running, proposalCid)).toEqual(REFERENCE_ONLINE_PROVIDER_STATES)
    expect(deal.Message).toBe('')
    expect(deal.FastRetrieval).toBe(true)
    expect(deal.DealID).toBe(100)
    expect(world.node.handedOff).toHaveLength(1)
    expect(world.node.reserved).toBe(0n)
    expect(world.staging.files.size).toBe(0)
    expect(running.errors).toEqual([])
  })

  it('answers a proposal it already tracks with the deal state, once, and records nothing new', async () => {
    const { provider } = running
    const first = await propose(world, provider)
    await untilState(world, provider, first.proposalCid, 'StorageDealWaitingForData')
    const again = await propose(world, provider)
    expect(again.proposalCid.equals(first.proposalCid)).toBe(true)
    expect(again.stream.responses.map((r) => r.Response)).toEqual([
      { State: 'StorageDealWaitingForData', Message: '', Proposal: first.proposalCid, PublishMessage: null },
    ])
    expect(again.stream.closed).toBe(1)
    expect(await provider.listLocalDeals()).toHaveLength(1)
  })

  it('drops a stream whose proposal cannot be read or carries no proposal', async () => {
    const unreadable = new FakeDealStream(world.clientPeer, {
      DealProposal: null,
      Piece: null,
      FastRetrieval: false,
    })
    unreadable.faults.fail('readDealProposal', new Error('garbled'))
    await running.provider.handleDealStream(unreadable)
    const empty = new FakeDealStream(world.clientPeer, {
      DealProposal: null,
      Piece: null,
      FastRetrieval: false,
    })
    await running.provider.handleDealStream(empty)
    expect([unreadable.closed, empty.closed]).toEqual([1, 1])
    expect(await running.provider.listLocalDeals()).toEqual([])
  })

  it('rejects a proposal with the reason sent to the client, and ends it in Error', async () => {
    const { proposalCid, stream } = await propose(world, running.provider, { StoragePricePerEpoch: 1n })
    const deal = await untilState(world, running.provider, proposalCid, 'StorageDealError')
    expect(stream.responses[0]?.Response.State).toBe('StorageDealFailing')
    expect(stream.responses[0]?.Response.Message).toBe(deal.Message)
    expect(deal.Message).toContain(EventText.dealRejected)
    expect(world.staging.files.size).toBe(0)
  })

  it('shows a publish the wallet cannot pay for, and publishes once it can', async () => {
    const { provider } = running
    world.node.publishOutcomes.push(new NotEnoughFundsError('insufficient balance'))
    const { proposalCid } = await propose(world, provider, {}, 'manual')
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    await provider.importDataForDeal(proposalCid, world.payload)
    await untilState(world, provider, proposalCid, 'StorageDealPublish', { flush: false })
    provider.publishPendingNow()
    await world.clock.runDue()
    const waiting = await provider.getLocalDeal(proposalCid)
    expect(waiting.State).toBe('StorageDealPublish')
    expect(waiting.Message).toBe(wrap(EventText.insufficientFunds, 'insufficient balance'))
    expect(running.notifications.some((n) => n.event.type === 'ProviderEventInsufficientFunds')).toBe(true)
    await world.clock.advance(600_000)
    const published = await untilState(world, provider, proposalCid, 'StorageDealActive', { flush: false })
    expect(published.Message).toBe('')
    expect(world.node.publishedBatches).toHaveLength(1)
  })

  it('publishes a batch of deals in one message and fails alone a deal the chain found invalid', async () => {
    const { provider } = running
    world.node.invalidOnChain = (proposal) => proposal.Label === 'bad'
    const deals: CID[] = []
    for (const Label of ['one', 'bad', 'three']) {
      const { proposalCid } = await propose(world, provider, { Label }, 'manual')
      await untilState(world, provider, proposalCid, 'StorageDealWaitingForData', { flush: false })
      await provider.importDataForDeal(proposalCid, world.payload)
      await untilState(world, provider, proposalCid, 'StorageDealPublish', { flush: false })
      deals.push(proposalCid)
    }
    await world.clock.advance(3_600_000)
    const [one, bad, three] = deals as [CID, CID, CID]
    await untilState(world, provider, three, 'StorageDealActive', { flush: false })
    expect(world.node.publishedBatches).toHaveLength(1)
    expect(world.node.publishedBatches[0]?.map((d) => d.Proposal.Label)).toEqual(['one', 'bad', 'three'])
    expect((await provider.getLocalDeal(one)).State).toBe('StorageDealActive')
    const failed = await untilState(world, provider, bad, 'StorageDealError')
    expect(failed.Message).toContain('deal was invalid at publication')
    expect(failed.FundsReserved).toBe(0n)
    expect(world.node.reserved).toBe(0n)
  })

  it('lists and gets deals, and reports unknown ones', async () => {
    const { proposalCid } = await propose(world, running.provider)
    await untilState(world, running.provider, proposalCid, 'StorageDealWaitingForData')
    expect((await running.provider.listLocalDeals()).map((d) => d.ProposalCid.toString())).toEqual([
      proposalCid.toString(),
    ])
    const other = (await propose(world, running.provider, { Label: 'other' })).proposalCid
    await running.provider.stop()
    await expect(running.provider.getLocalDeal(world.root)).rejects.toBeInstanceOf(DealNotFoundError)
    expect((await running.provider.getLocalDeal(other)).ProposalCid.equals(other)).toBe(true)
  })

  it('notifies subscribers after each event until they unsubscribe', async () => {
    const seen: string[] = []
    const unsubscribe = running.provider.subscribe((event) => void seen.push(event.type))
    const { proposalCid } = await propose(world, running.provider)
    await untilState(world, running.provider, proposalCid, 'StorageDealWaitingForData')
    unsubscribe()
    await running.provider.retryDealPublishing(proposalCid)
    expect(seen).toEqual(['ProviderEventOpen', 'ProviderEventDealDeciding', 'ProviderEventDataRequested'])
  })
})
