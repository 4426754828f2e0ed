import { describe, expect, it } from 'vitest'
import { channelFromRecord, channelToRecord } from '../../src/adapters/record-ids.ts'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { clientPeer, makeDeal, minerPeer } from './fixtures.ts'
import { createFakes } from './setup.ts'

const channel = channelToRecord({ initiator: clientPeer, responder: minerPeer, id: 7n })

describe('RestartDataTransfer', () => {
  it("fails if can't restart data transfer", async () => {
    const fakes = createFakes()
    fakes.dataTransfer.program.next('restart', fails('channel not found'))
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealClientTransferRestart', { TransferChannelID: channel }),
    )
    expect(fakes.dataTransfer.restarts).toEqual([channelFromRecord(channel)])
    expect(run.deal.Message).toBe(m.dataTransferRestartFailed('channel not found'))
    expect(run.deal.State).toBe('StorageDealFailing')
  })

  it('restarts the recorded channel and waits for the transfer to report it', async () => {
    const fakes = createFakes()
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealClientTransferRestart', { TransferChannelID: channel }),
    )
    expect(fakes.dataTransfer.restarts).toEqual([{ initiator: clientPeer, responder: minerPeer, id: 7n }])
    expect(run.events).toEqual([])
    expect(run.deal.State).toBe('StorageDealClientTransferRestart')
  })

  it('fails when no channel is recorded', async () => {
    const fakes = createFakes()
    const run = await runEntry(fakes, await makeDeal('StorageDealClientTransferRestart'))
    expect(fakes.dataTransfer.restarts).toEqual([])
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.dataTransferRestartFailed(m.noChannelRecorded()))
  })
})
