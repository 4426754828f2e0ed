import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { makeDeal, providerAddress } from './fixtures.ts'
import { createFakes } from './setup.ts'

const sealing = () => makeDeal('StorageDealSealing', { DealID: 5, SectorNumber: 10 })

describe('VerifyDealActivated', () => {
  it('succeeds', async () => {
    const fakes = createFakes()
    const deal = await sealing()
    const run = await runEntry(fakes, deal)
    expect(run.deal.State).toBe('StorageDealActive')
    expect(fakes.node.watches).toEqual([
      {
        kind: 'commit',
        watch: {
          provider: providerAddress,
          dealId: 5n,
          proposal: deal.Proposal,
          publishCid: undefined,
          sectorNumber: 10n,
        },
      },
    ])
  })

  it('fails synchronously', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealSectorCommitted', fails('cannot watch the sector'))
    const run = await runEntry(fakes, await sealing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealActivationFailed('cannot watch the sector'))
  })

  it('fails asynchronously', async () => {
    const fakes = createFakes()
    fakes.node.program.next('onDealSectorCommitted', returns(new Error('prove-commit failed')))
    const run = await runEntry(fakes, await sealing())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dealActivationFailed('prove-commit failed'))
  })
})
