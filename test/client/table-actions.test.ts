import { describe, expect, it } from 'vitest'
import { channelToRecord } from '../../src/adapters/record-ids.ts'
import { type ClientEvent, type ClientState, createClientMachine } from '../../src/client/index.ts'
import { clientMessages as m } from '../../src/client/messages.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import type { ClientDeal } from '../../src/market/index.ts'
import { clientPeer, makeDeal, minerPeer, testCid } from './fixtures.ts'

const clock = new VirtualClock(5_000)
const machine = createClientMachine(clock)
const apply = (deal: ClientDeal, ...events: ClientEvent[]): ClientDeal =>
  events.reduce((d, e) => machine.step('d', d, e).record, deal)
const stage = (deal: ClientDeal, state: ClientState) => deal.DealStages?.Stages.find((s) => s.Name === state)
const channel = channelToRecord({ initiator: clientPeer, responder: minerPeer, id: 9n })

describe('client event actions', () => {
  it('adds reservations and subtracts releases', async () => {
    let deal = apply(
      await makeDeal('StorageDealReserveClientFunds'),
      { type: 'ClientEventFundsReserved', amount: 70n },
      { type: 'ClientEventFundsReserved', amount: 30n },
    )
    expect(deal.FundsReserved).toBe(100n)
    deal = apply({ ...deal, State: 'StorageDealFailing' }, { type: 'ClientEventFundsReleased', amount: 100n })
    expect(deal.FundsReserved).toBe(0n)
  })

  it('logs into the stage of the state the event leaves, stamped with the clock', async () => {
    const deal = apply(await makeDeal('StorageDealReserveClientFunds'), {
      type: 'ClientEventFundingInitiated',
      message: testCid('add'),
    })
    expect(deal.State).toBe('StorageDealClientFunding')
    expect(deal.AddFundsCid).toEqual(testCid('add'))
    expect(stage(deal, 'StorageDealReserveClientFunds')).toEqual({
      Name: 'StorageDealReserveClientFunds',
      Description: 'Reserving client funds',
      ExpectedDuration: 'a few minutes',
      CreatedTime: 5_000_000_000n,
      UpdatedTime: 5_000_000_000n,
      Logs: [{ Log: m.fundingInitiated(testCid('add')), UpdatedTime: 5_000_000_000n }],
    })
    expect(stage(deal, 'StorageDealClientFunding')).toBeUndefined()
  })

  it('never logs for Open, FundingComplete, DataTransferComplete, DealExpired and Restart', async () => {
    const deal = apply(
      await makeDeal('StorageDealUnknown'),
      { type: 'ClientEventOpen' },
      { type: 'ClientEventRestart' },
    )
    expect(deal.DealStages?.Stages).toEqual([])
    const done = apply(await makeDeal('StorageDealActive'), { type: 'ClientEventDealExpired' })
    expect(done.DealStages?.Stages).toEqual([])
  })

  it('counts polls, collapses repeated poll lines, and names the provider state', async () => {
    const poll = (pollError: boolean): ClientEvent => ({
      type: 'ClientEventWaitForDealState',
      pollError,
      providerState: pollError ? 'StorageDealUnknown' : 'StorageDealPublish',
    })
    const deal = apply(await makeDeal('StorageDealCheckForAcceptance'), poll(false), poll(false), poll(true))
    expect(deal.PollRetryCount).toBe(3)
    expect(deal.PollErrorCount).toBe(1)
    expect(deal.Message).toBe(m.providerState('StorageDealUnknown'))
    expect(stage(deal, 'StorageDealCheckForAcceptance')?.Logs.map((l) => l.Log)).toEqual([
      m.providerPublishing(),
      m.providerState('StorageDealUnknown'),
    ])
  })

  it('records the transfer channel when queued, initiated and restarted, and clears the message on restart', async () => {
    const queued = apply(await makeDeal('StorageDealStartDataTransfer'), {
      type: 'ClientEventDataTransferQueued',
      channel,
    })
    expect(queued.TransferChannelID).toEqual(channel)
    const restarted = apply(
      { ...queued, State: 'StorageDealClientTransferRestart', Message: 'old' },
      { type: 'ClientEventDataTransferRestarted', channel: { ...channel, ID: 10n } },
    )
    expect(restarted.State).toBe('StorageDealTransferring')
    expect(restarted.TransferChannelID?.ID).toBe(10n)
    expect(restarted.Message).toBe('')
  })

  it('makes the stalled event effective with or without a reason', async () => {
    const silent = apply(await makeDeal('StorageDealTransferring'), {
      type: 'ClientEventDataTransferStalled',
    })
    expect(silent.State).toBe('StorageDealFailing')
    expect(silent.Message).toBe(m.dataTransferStalled(silent.Miner, undefined))
    expect(silent.Message).toContain(minerPeer)
    const explained = apply(await makeDeal('StorageDealTransferQueued'), {
      type: 'ClientEventDataTransferStalled',
      error: 'peer disconnected',
    })
    expect(explained.Message).toBe(m.dataTransferStalled(explained.Miner, 'peer disconnected'))
  })

  it('records acceptance, deal id, sector and slash epoch', async () => {
    const accepted = apply(
      await makeDeal('StorageDealCheckForAcceptance', { Message: 'polling' }),
      { type: 'ClientEventDealAccepted', publishMessage: testCid('publish') },
      { type: 'ClientEventDealPublished', dealId: 77 },
      { type: 'ClientEventDealPrecommitted', sectorNumber: 12 },
      { type: 'ClientEventDealActivated' },
      { type: 'ClientEventDealSlashed', slashEpoch: 900 },
    )
    expect(accepted).toMatchObject({
      State: 'StorageDealSlashed',
      PublishMessage: testCid('publish'),
      Message: '',
      DealID: 77,
      SectorNumber: 12,
      SlashEpoch: 900,
    })
    expect(stage(accepted, 'StorageDealProposalAccepted')?.Logs).toEqual([])
  })
})
