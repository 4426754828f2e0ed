import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { clientBalanceRequirement } from '../../src/market/index.ts'
import { fails } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { clientAddress, makeDeal } from './fixtures.ts'
import { createFakes } from './setup.ts'

describe('ReserveClientFunds', () => {
  it('immediately succeeds', async () => {
    const fakes = createFakes()
    const deal = await makeDeal('StorageDealReserveClientFunds')
    const required = clientBalanceRequirement(deal.Proposal)
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealFundsReserved')
    expect(fakes.node.reserveCalls).toEqual([
      { wallet: clientAddress, address: clientAddress, amount: required },
    ])
    expect(fakes.node.releaseCalls).toEqual([])
    expect(run.deal.FundsReserved).toBe(required)
    expect(fakes.node.reservedFor(clientAddress)).toBe(required)
    const stage = run.deal.DealStages?.Stages.find((s) => s.Name === 'StorageDealReserveClientFunds')
    expect(stage?.Logs.map((l) => l.Log)).toEqual([m.fundsReserved(required)])
  })

  it('succeeds by sending an AddFunds message', async () => {
    const fakes = createFakes()
    fakes.node.balances.clear()
    const deal = await makeDeal('StorageDealReserveClientFunds')
    const required = clientBalanceRequirement(deal.Proposal)
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealClientFunding')
    expect(run.deal.AddFundsCid).not.toBeNull()
    expect(run.events.map((e) => e.type)).toEqual(['ClientEventFundsReserved', 'ClientEventFundingInitiated'])
    expect(fakes.node.reserveCalls).toEqual([
      { wallet: clientAddress, address: clientAddress, amount: required },
    ])
    expect(fakes.node.releaseCalls).toEqual([])
    expect(run.deal.FundsReserved).toBe(required)
    expect(fakes.node.balanceOf(clientAddress)).toBe(required)
  })

  it('Reserve fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next('reserveFunds', fails('not enough funds in wallet'))
    const run = await runEntry(fakes, await makeDeal('StorageDealReserveClientFunds'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.reserveFundsFailed('not enough funds in wallet'))
    expect(fakes.node.reserveCalls).toEqual([])
    expect(fakes.node.releaseCalls).toEqual([])
    expect(run.deal.FundsReserved).toBe(0n)
  })
})
