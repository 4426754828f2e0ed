import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import type { StorageDealStatus } from '../../src/market/index.ts'
import { fails, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { makeDeal, testCid } from './fixtures.ts'
import { createFakes, POLLING_INTERVAL_MS } from './setup.ts'

const polling = (overrides = {}, proposal = {}) =>
  makeDeal('StorageDealCheckForAcceptance', overrides, proposal)

function withProvider(state: StorageDealStatus, more = {}) {
  const fakes = createFakes()
  fakes.network.program.next('queryDealStatus', returns({ State: state, ...more }))
  return fakes
}

describe('CheckForDealAcceptance', () => {
  it.each([
    'StorageDealActive',
    'StorageDealAwaitingPreCommit',
    'StorageDealSealing',
    'StorageDealStaged',
    'StorageDealSlashed',
    'StorageDealExpired',
  ] as const)('succeeds when provider indicates a successful deal (%s)', async (state) => {
    const publish = testCid('publish message')
    const fakes = withProvider(state, { PublishCid: publish })
    const run = await runEntry(fakes, await polling())
    expect(run.deal.State).toBe('StorageDealProposalAccepted')
    expect(run.deal.PublishMessage).toEqual(publish)
    expect(run.deal.Message).toBe('')
  })

  it.each(['StorageDealFailing', 'StorageDealError'] as const)(
    'fails when provider indicates a failed deal (%s)',
    async (state) => {
      const fakes = withProvider(state, { Message: 'piece CID mismatch' })
      const run = await runEntry(fakes, await polling())
      expect(run.deal.State).toBe('StorageDealFailing')
      expect(run.deal.Message).toBe(m.dealRejected(state, 'piece CID mismatch'))
    },
  )

  it('continues polling if there is an error querying provider deal state', async () => {
    const fakes = createFakes()
    fakes.network.program.next('queryDealStatus', fails('stream reset'))
    const run = await runEntry(fakes, await polling())
    expect(run.events).toEqual([])
    await run.advance(POLLING_INTERVAL_MS)
    expect(run.deal.State).toBe('StorageDealCheckForAcceptance')
    expect(run.deal.PollRetryCount).toBe(1)
    expect(run.deal.PollErrorCount).toBe(1)
    expect(run.deal.Message).toBe(m.providerState('StorageDealUnknown'))
  })

  it('stops polling if (start epoch + grace period) has elapsed', async () => {
    const fakes = withProvider('StorageDealVerifyData')
    fakes.node.epoch = 12
    const run = await runEntry(fakes, await polling({}, { StartEpoch: 1 }))
    expect(run.deal.State).toBe('StorageDealFailing')
    const reason = m.acceptanceDeadlinePassed(11, 12, 'StorageDealVerifyData')
    expect(run.deal.Message).toBe(m.dealRejected('StorageDealVerifyData', reason))
    expect(run.deal.Message).toContain("the provider's last state: StorageDealVerifyData")
  })

  it('continues polling with an indeterminate deal state', async () => {
    const fakes = withProvider('StorageDealVerifyData')
    const run = await runEntry(fakes, await polling())
    await run.advance(POLLING_INTERVAL_MS)
    expect(run.deal.State).toBe('StorageDealCheckForAcceptance')
    expect(run.deal.Message).toBe(m.providerState('StorageDealVerifyData'))
    expect(run.deal.PollRetryCount).toBe(1)
    expect(run.deal.PollErrorCount).toBe(0)
    const stage = run.deal.DealStages?.Stages.find((s) => s.Name === 'StorageDealCheckForAcceptance')
    expect(stage?.Logs.map((l) => l.Log)).toEqual([m.providerVerifyingData()])
  })

  it('fails if the wrong proposal comes back', async () => {
    const other = testCid('someone else')
    const fakes = withProvider('StorageDealActive', { ProposalCid: other })
    const deal = await polling()
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.responseDealDidNotMatch(other, deal.ProposalCid))
  })

  it('waits one polling interval before polling again, and signs each status query', async () => {
    const fakes = withProvider('StorageDealPublishing')
    const deal = await polling()
    const run = await runEntry(fakes, deal)
    await run.advance(POLLING_INTERVAL_MS - 1)
    expect(run.events).toEqual([])
    await run.advance(1)
    expect(run.events).toEqual([
      { type: 'ClientEventWaitForDealState', pollError: false, providerState: 'StorageDealPublishing' },
    ])
    expect(fakes.network.statusRequests).toHaveLength(1)
    expect(fakes.network.statusRequests[0]?.request.Proposal).toEqual(deal.ProposalCid)
  })

  it('names an unknown provider state when the last query failed after the deadline', async () => {
    const fakes = createFakes()
    fakes.network.program.next('queryDealStatus', fails('connection refused'))
    fakes.node.epoch = 500
    const run = await runEntry(fakes, await polling())
    expect(run.deal.State).toBe('StorageDealFailing')
    const reason = m.acceptanceDeadlinePassed(210, 500, m.providerQueryFailed('connection refused'))
    expect(run.deal.Message).toBe(m.dealRejected('StorageDealUnknown', reason))
  })

  it('accepts a deal the provider published even after the deadline', async () => {
    const fakes = withProvider('StorageDealActive')
    fakes.node.epoch = 500
    const run = await runEntry(fakes, await polling())
    expect(run.deal.State).toBe('StorageDealProposalAccepted')
  })

  it('rejects an answer not signed by the provider worker and polls again', async () => {
    const fakes = createFakes()
    fakes.node.program.next('verifySignature', returns(false))
    const run = await runEntry(fakes, await polling())
    await run.advance(POLLING_INTERVAL_MS)
    expect(run.deal.State).toBe('StorageDealCheckForAcceptance')
    expect(run.deal.PollErrorCount).toBe(1)
  })
})
