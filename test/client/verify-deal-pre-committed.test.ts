import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails, hangs, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { makeDeal, providerAddress, testCid } from './fixtures.ts'
import { createFakes } from './setup.ts'

const awaiting = () =>
  makeDeal('StorageDealAwaitingPreCommit', { DealID: 5, PublishMessage: testCid('publish') })

describe('VerifyDealPreCommitted', () => {
  it('succeeds', async () => {
    const fakes = createFakes()
    const deal = await awaiting()
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealSealing')
    expect(run.deal.SectorNumber).toBe(10)
    expect(fakes.node.watches).toEqual([
      {
        kind: 'pre-commit',
        watch: {
          provider: providerAddress,
          dealId: 5n,
          proposal: deal.Proposal,
          publishCid: testCid('publish'),
        },
      },
    ])
  })

  it('succeeds, active', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealSectorPreCommitted', returns({ isActive: true }))
    const run = await runEntry(fakes, await awaiting())
    expect(run.deal.State).toBe('StorageDealActive')
  })

  it('fails synchronously', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealSectorPreCommitted', fails('state lookup failed'))
    const run = await runEntry(fakes, await awaiting())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealPrecommitFailed('state lookup failed'))
  })

  it('fails asynchronously', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealSectorPreCommitted', returns(new Error('sector removed')))
    const run = await runEntry(fakes, await awaiting())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealPrecommitFailed('sector removed'))
  })

  it('moves on when the watcher calls back after returning', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealSectorPreCommitted', hangs)
    const run = await runEntry(fakes, await awaiting())
    expect(run.done).toBe(true)
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    fakes.node.watchers[0]?.fire({ sectorNumber: 42n, isActive: false })
    await run.advance(0)
    expect(run.deal.State).toBe('StorageDealSealing')
    expect(run.deal.SectorNumber).toBe(42)
  })
})
