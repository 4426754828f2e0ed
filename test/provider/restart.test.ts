import { describe, expect, it } from 'vitest'
import { channelToRecord } from '../../src/adapters/record-ids.ts'
import type { MinerDeal } from '../../src/market/index.ts'
import { PROVIDER_FINAL_STATES, PROVIDER_STATES, type ProviderState } from '../../src/provider/index.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { plantDeal, propose, runUntil, startProvider, untilState } from './provider-harness.ts'

const NON_FINAL = PROVIDER_STATES.filter((s) => !(PROVIDER_FINAL_STATES as readonly string[]).includes(s))

/** Where a deal restarted in each state ends up, driven by default fakes (expiry never comes). */
const OUTCOME: Record<string, { readonly ends: ProviderState; readonly via?: ProviderState }> = {
  // An acceptance decided before the stop stands (the client may have read it): the deal waits for data.
  StorageDealUnknown: { ends: 'StorageDealWaitingForData', via: 'StorageDealValidating' },
  StorageDealValidating: { ends: 'StorageDealWaitingForData', via: 'StorageDealValidating' },
  StorageDealAcceptWait: { ends: 'StorageDealWaitingForData', via: 'StorageDealAcceptWait' },
  StorageDealRejecting: { ends: 'StorageDealError', via: 'StorageDealRejecting' },
  StorageDealWaitingForData: { ends: 'StorageDealWaitingForData' },
  StorageDealTransferring: { ends: 'StorageDealError', via: 'StorageDealProviderTransferAwaitRestart' },
  StorageDealProviderTransferAwaitRestart: { ends: 'StorageDealError' },
  StorageDealFailing: { ends: 'StorageDealError' },
}

/** A record as a provider stopped in `state` leaves it. */
async function stoppedIn(world: ProviderWorld, state: ProviderState): Promise<MinerDeal> {
  const reserved = [
    'StorageDealProviderFunding',
    'StorageDealPublish',
    'StorageDealPublishing',
    'StorageDealFailing',
  ]
  const channel = channelToRecord(world.dataTransfer.channel(world.clientPeer, world.providerPeer))
  const deal = await world.deal(state, {
    FundsReserved: reserved.includes(state) ? 10_000n : 0n,
    TransferChannelId: channel,
    PublishCid: state === 'StorageDealPublish' ? null : (await world.deal(state)).PublishCid,
    DealID: 7,
    SectorNumber: 10,
  })
  world.node.reserved = deal.FundsReserved
  await plantDeal(world, deal)
  return deal
}

describe('provider restart', () => {
  for (const state of NON_FINAL) {
    const outcome = OUTCOME[state] ?? { ends: 'StorageDealActive' }
    it(`restarts a deal stopped in ${state}, which ends in ${outcome.ends}`, async () => {
      const world = await createProviderWorld()
      const deal = await stoppedIn(world, state)
      const running = await startProvider(world)
      const { provider, notifications } = running
      const ended = await untilState(world, provider, deal.ProposalCid, outcome.ends, { stepMs: 60_000 })
      expect(notifications[0]?.event.type).toBe('ProviderEventRestart')
      expect(notifications[0]?.deal.State).toBe(outcome.via ?? state)
      expect(running.errors).toEqual([])
      if (outcome.ends === 'StorageDealError') {
        // Every failure path releases what the deal held: collateral, staged data, the client tag.
        expect(ended.FundsReserved).toBe(0n)
        expect(world.node.reserved).toBe(0n)
        expect(world.staging.files.has(deal.InboundCAR)).toBe(false)
        expect(world.network.untags.map((u) => u.tag)).toContain(deal.ProposalCid.toString())
      }
      if (outcome.ends === 'StorageDealActive') {
        expect(world.node.faults.of('onDealExpiredOrSlashed')).toHaveLength(1)
      }
    })
  }

  it('keeps the acceptance of a deal caught between deciding and recording the answer: the client may have it', async () => {
    const world = await createProviderWorld()
    const deal = await stoppedIn(world, 'StorageDealAcceptWait')
    const { provider } = await startProvider(world)
    const waiting = await untilState(world, provider, deal.ProposalCid, 'StorageDealWaitingForData')
    expect(waiting.Message).toBe('')
    expect(world.staging.deleted).toEqual([])
  })

  it('asks the client to resume an interrupted transfer and lets it resume before the timeout', async () => {
    const world = await createProviderWorld()
    const deal = await stoppedIn(world, 'StorageDealTransferring')
    const { provider } = await startProvider(world)
    await untilState(world, provider, deal.ProposalCid, 'StorageDealProviderTransferAwaitRestart')
    await runUntil(world, provider, () => world.dataTransfer.restarts.length === 1)
    const channel = world.dataTransfer.restarts[0]
    expect(channel && channelToRecord(channel)).toEqual(deal.TransferChannelId)
    world.dataTransfer.emit('restarted', channel ?? world.dataTransfer.channel('', ''), deal.ProposalCid)
    await untilState(world, provider, deal.ProposalCid, 'StorageDealTransferring')
    await world.clock.advance(2 * 3_600_000)
    expect((await provider.getLocalDeal(deal.ProposalCid)).State).toBe('StorageDealTransferring')
  })

  it('resumes a live deal on the next start after a stop', async () => {
    const world = await createProviderWorld()
    const first = await startProvider(world)
    const { proposalCid } = await propose(world, first.provider, {}, 'manual')
    await untilState(world, first.provider, proposalCid, 'StorageDealWaitingForData')
    await first.provider.importDataForDeal(proposalCid, world.payload)
    await untilState(world, first.provider, proposalCid, 'StorageDealPublish', { flush: false })
    await first.provider.stop()
    expect(world.clock.pending).toBe(0)
    const second = await startProvider(world)
    const deal = await untilState(world, second.provider, proposalCid, 'StorageDealActive')
    expect(deal.DealID).toBe(100)
    expect(world.node.publishedBatches).toHaveLength(1)
  })
})
