import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { clientAddress, makeDeal } from './fixtures.ts'
import { createFakes, POLLING_INTERVAL_MS } from './setup.ts'

const active = () => makeDeal('StorageDealActive', { DealID: 5 })

describe('WaitForDealCompletion', () => {
  it('slashing succeeds', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealExpiredOrSlashed', returns({ slashEpoch: 5 }))
    const run = await runEntry(fakes, await active())
    expect(run.deal.State).toBe('StorageDealSlashed')
    expect(run.deal.SlashEpoch).toBe(5)
  })

  it('expiration succeeds', async () => {
    const fakes = createFakes()
    const run = await runEntry(fakes, await active())
    expect(run.deal.State).toBe('StorageDealExpired')
    expect(fakes.node.watches).toEqual([{ kind: 'completion', watch: 5n }])
  })

  it('releases a reservation the node refused at publish before the deal expires, once', async () => {
    const fakes = createFakes()
    fakes.node.reserved.set(clientAddress.toString(), 700n)
    // Refused at entry and when the deal expires; taken at the next poll of the shared schedule.
    fakes.node.program.next('releaseFunds', fails('node busy'))
    fakes.node.program.next('releaseFunds', fails('node busy'))
    const run = await runEntry(fakes, await makeDeal('StorageDealActive', { DealID: 5, FundsReserved: 700n }))
    expect(run.deal.State).toBe('StorageDealActive')
    expect(run.deal.FundsReserved).toBe(700n)
    await run.advance(POLLING_INTERVAL_MS)
    expect(run.deal.State).toBe('StorageDealExpired')
    expect(run.deal.FundsReserved).toBe(0n)
    expect(fakes.node.releaseCalls).toEqual([{ address: clientAddress, amount: 700n }])
    expect(fakes.node.reservedFor(clientAddress)).toBe(0n)
  })

  it('slashing fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next(
      'onDealExpiredOrSlashed',
      returns({ slashingError: new Error('state tree gone') }),
    )
    const run = await runEntry(fakes, await active())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealCompletionFailed(m.slashingWatchFailed('state tree gone')))
  })

  it('expiration fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealExpiredOrSlashed', returns({ expiryError: new Error('state tree gone') }))
    const run = await runEntry(fakes, await active())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealCompletionFailed(m.expiryWatchFailed('state tree gone')))
  })

  it('fails synchronously', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealExpiredOrSlashed', fails('no such deal'))
    const run = await runEntry(fakes, await active())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealCompletionFailed('no such deal'))
  })

  it("releases the payload's blockstore before watching", async () => {
    const fakes = createFakes()
    const deal = await active()
    await runEntry(fakes, deal)
    expect(fakes.blockstore.cleaned).toEqual([deal.DataRef?.Root])
  })
})
