import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { makeDeal, minerPeer, testCid } from './fixtures.ts'
import { createFakes } from './setup.ts'

const proposing = (overrides = {}) => makeDeal('StorageDealFundsReserved', overrides)

describe('ProposeDeal', () => {
  it('succeeds, closes stream, and tags connection', async () => {
    const fakes = createFakes()
    const deal = await proposing()
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealStartDataTransfer')
    expect(fakes.network.closeCount).toBe(1)
    expect(fakes.network.tags).toEqual([{ peer: minerPeer, tag: deal.ProposalCid.toString() }])
    expect(fakes.network.proposals).toEqual([
      {
        peer: minerPeer,
        proposal: {
          DealProposal: { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature },
          Piece: deal.DataRef,
          FastRetrieval: false,
        },
      },
    ])
  })

  it('sends a fast retrieval flag', async () => {
    const fakes = createFakes()
    const run = await runEntry(fakes, await proposing({ FastRetrieval: true }))
    expect(run.deal.State).toBe('StorageDealStartDataTransfer')
    expect(fakes.network.proposals[0]?.proposal.FastRetrieval).toBe(true)
  })

  it('write proposal fails fails', async () => {
    const fakes = createFakes()
    fakes.network.program.next('writeDealProposal', fails('stream reset'))
    const run = await runEntry(fakes, await proposing())
    // The reference ends in Error here without cleanup; Failing releases the funds first.
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.writeProposalFailed('stream reset'))
    expect(fakes.network.closeCount).toBe(1)
  })

  it('read response fails', async () => {
    const fakes = createFakes()
    fakes.network.program.next('readDealResponse', fails('unexpected EOF'))
    const run = await runEntry(fakes, await proposing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.readResponseFailed('unexpected EOF'))
    expect(fakes.network.closeCount).toBe(1)
  })

  it('getting chain head fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next('getChainHead', fails('chain unreachable'))
    const run = await runEntry(fakes, await proposing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.responseVerificationFailed())
  })

  it('verify signature fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next('verifySignature', returns(false))
    const run = await runEntry(fakes, await proposing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.responseVerificationFailed())
  })

  it('response contains unexpected state', async () => {
    const fakes = createFakes()
    fakes.network.program.next(
      'readDealResponse',
      returns({ State: 'StorageDealProposalNotFound', Message: 'no such proposal here' }),
    )
    const run = await runEntry(fakes, await proposing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(
      m.unexpectedDealState('StorageDealProposalNotFound', 'no such proposal here'),
    )
    expect(run.deal.Message).toContain('1 (StorageDealProposalNotFound)')
    expect(run.deal.Message).toContain('no such proposal here')
  })

  it('fails when the response is about another proposal', async () => {
    const fakes = createFakes()
    const other = testCid('another proposal')
    fakes.network.program.next('readDealResponse', returns({ Proposal: other }))
    const deal = await proposing()
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.responseDealDidNotMatch(other, deal.ProposalCid))
  })

  it('fails when closing the stream fails', async () => {
    const fakes = createFakes()
    fakes.network.program.next('close', fails('close timed out'))
    const run = await runEntry(fakes, await proposing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.streamCloseError('close timed out'))
  })

  it('fails when no stream can be opened', async () => {
    const fakes = createFakes()
    fakes.network.program.next('newDealStream', fails('peer unreachable'))
    const run = await runEntry(fakes, await proposing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.writeProposalFailed('peer unreachable'))
    expect(fakes.network.tags).toEqual([])
  })
})
