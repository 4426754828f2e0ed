import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { dataRef, makeDeal, minerPeer } from './fixtures.ts'
import { createFakes } from './setup.ts'

describe('InitiateDataTransfer', () => {
  it('succeeds and starts the data transfer', async () => {
    const fakes = createFakes()
    const deal = await makeDeal('StorageDealStartDataTransfer')
    const run = await runEntry(fakes, deal)
    expect(fakes.dataTransfer.pushes).toHaveLength(1)
    expect(fakes.dataTransfer.pushes[0]).toMatchObject({
      to: minerPeer,
      voucher: { proposal: deal.ProposalCid },
      root: deal.DataRef?.Root,
    })
    expect(run.events).toEqual([])
    expect(run.done).toBe(true)
    expect(run.deal.State).toBe('StorageDealStartDataTransfer')
  })

  it('starts polling for acceptance with manual transfers', async () => {
    const fakes = createFakes()
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealStartDataTransfer', { DataRef: dataRef('manual') }),
    )
    expect(run.deal.State).toBe('StorageDealCheckForAcceptance')
    expect(fakes.dataTransfer.pushes).toEqual([])
  })

  it("fails if it can't initiate data transfer", async () => {
    const fakes = createFakes()
    fakes.dataTransfer.program.next('startPush', fails('graphsync refused'))
    const run = await runEntry(fakes, await makeDeal('StorageDealStartDataTransfer'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dataTransferFailed(m.pushChannelFailed('graphsync refused')))
  })

  it('treats any transfer type other than manual as online', async () => {
    const fakes = createFakes()
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealStartDataTransfer', { DataRef: dataRef('') }),
    )
    expect(run.deal.State).toBe('StorageDealStartDataTransfer')
    expect(fakes.dataTransfer.pushes).toHaveLength(1)
  })
})
