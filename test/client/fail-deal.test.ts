import { describe, expect, it } from 'vitest'
import { clientBalanceRequirement } from '../../src/market/index.ts'
import { fails } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { clientAddress, dealProposal, makeDeal, minerPeer } from './fixtures.ts'
import { createFakes, POLLING_INTERVAL_MS } from './setup.ts'

const required = clientBalanceRequirement(dealProposal())

describe('FailDeal', () => {
  it('releases funds', async () => {
    const fakes = createFakes()
    fakes.node.reserved.set(clientAddress.toString(), required)
    const run = await runEntry(fakes, await makeDeal('StorageDealFailing', { FundsReserved: required }))
    expect(run.deal.State).toBe('StorageDealError')
    expect(fakes.node.releaseCalls).toEqual([{ address: clientAddress, amount: required }])
    expect(run.deal.FundsReserved).toBe(0n)
    expect(fakes.node.reservedFor(clientAddress)).toBe(0n)
  })

  it('funds already released', async () => {
    const fakes = createFakes()
    const run = await runEntry(fakes, await makeDeal('StorageDealFailing'))
    expect(run.deal.State).toBe('StorageDealError')
    expect(fakes.node.releaseCalls).toEqual([])
    expect(run.deal.FundsReserved).toBe(0n)
  })

  it("untags the provider and releases the payload's blockstore", async () => {
    const fakes = createFakes()
    const deal = await makeDeal('StorageDealFailing', { Message: 'data transfer cancelled' })
    const run = await runEntry(fakes, deal)
    expect(fakes.network.untags).toEqual([{ peer: minerPeer, tag: deal.ProposalCid.toString() }])
    expect(fakes.blockstore.cleaned).toEqual([deal.DataRef?.Root])
    expect(run.deal.Message).toBe('data transfer cancelled')
  })

  it('stays in Failing while the node refuses the release, and asks again at the next poll', async () => {
    const fakes = createFakes()
    fakes.node.reserved.set(clientAddress.toString(), required)
    fakes.node.program.next('releaseFunds', fails('wallet locked'))
    const run = await runEntry(fakes, await makeDeal('StorageDealFailing', { FundsReserved: required }))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.FundsReserved).toBe(required)
    expect(fakes.node.releaseCalls).toEqual([])
    await run.advance(POLLING_INTERVAL_MS)
    expect(fakes.node.releaseCalls).toEqual([{ address: clientAddress, amount: required }])
    expect(run.deal.State).toBe('StorageDealError')
    expect(run.deal.FundsReserved).toBe(0n)
    expect(fakes.node.reservedFor(clientAddress)).toBe(0n)
  })

  it('still ends in Error when the blockstore cannot be released', async () => {
    const fakes = createFakes()
    fakes.blockstore.program.next('clean', fails('file busy'))
    const run = await runEntry(fakes, await makeDeal('StorageDealFailing'))
    expect(run.deal.State).toBe('StorageDealError')
  })
})
