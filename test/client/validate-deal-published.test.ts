import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { clientBalanceRequirement } from '../../src/market/index.ts'
import { fails } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { clientAddress, dealProposal, makeDeal, minerPeer } from './fixtures.ts'
import { createFakes } from './setup.ts'

const required = clientBalanceRequirement(dealProposal())

describe('ValidateDealPublished', () => {
  it('succeeds', async () => {
    const fakes = createFakes()
    fakes.node.reserved.set(clientAddress.toString(), required)
    const deal = await makeDeal('StorageDealProposalAccepted', { FundsReserved: required })
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.DealID).toBe(5)
    expect(fakes.node.releaseCalls).toEqual([{ address: clientAddress, amount: required }])
    expect(run.deal.FundsReserved).toBe(0n)
    expect(fakes.node.reservedFor(clientAddress)).toBe(0n)
    expect(fakes.network.untags).toEqual([{ peer: minerPeer, tag: deal.ProposalCid.toString() }])
    expect(fakes.node.validateCalls).toEqual([deal])
  })

  it('succeeds, funds already released', async () => {
    const fakes = createFakes()
    const run = await runEntry(fakes, await makeDeal('StorageDealProposalAccepted'))
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.DealID).toBe(5)
    expect(fakes.node.releaseCalls).toEqual([])
    expect(fakes.network.untags.map((u) => u.peer)).toEqual([minerPeer])
  })

  it('fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next('validatePublishedDeal', fails('deal not found in publish message'))
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealProposalAccepted', { FundsReserved: required }),
    )
    // The reference ends in Error and keeps the reservation; Failing will release it.
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealPublishFailed('deal not found in publish message'))
    expect(run.deal.FundsReserved).toBe(required)
  })
})
