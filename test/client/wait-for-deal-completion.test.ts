import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { makeDeal } from './fixtures.ts'
import { createFakes } from './setup.ts'

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
