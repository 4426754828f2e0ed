import { describe, expect, it } from 'vitest'
import type { TransferEventType } from '../../src/adapters/data-transfer.ts'
import { channelToRecord } from '../../src/adapters/record-ids.ts'
import { clientMessages as m } from '../../src/client/messages.ts'
import { clientEventForTransfer } from '../../src/client/transfer-events.ts'
import { clientPeer, minerPeer, testCid } from './fixtures.ts'
import { proposal } from './model/runner.ts'
import { createFakes, settle, startClient } from './setup.ts'

const channel = { initiator: clientPeer, responder: minerPeer, id: 4n }
const transferEvent = (type: TransferEventType, message?: string) => ({
  type,
  channel,
  voucher: { proposal: testCid('p') },
  transferred: 10n,
  ...(message === undefined ? {} : { message }),
})

describe('data-transfer notifications', () => {
  it('translate into client events as go-fil-markets does', () => {
    const record = channelToRecord(channel)
    expect(clientEventForTransfer(transferEvent('completed'))).toEqual({
      type: 'ClientEventDataTransferComplete',
    })
    expect(clientEventForTransfer(transferEvent('cancelled'))).toEqual({
      type: 'ClientEventDataTransferCancelled',
    })
    expect(clientEventForTransfer(transferEvent('restarted'))).toEqual({
      type: 'ClientEventDataTransferRestarted',
      channel: record,
    })
    expect(clientEventForTransfer(transferEvent('stalled'))).toEqual({
      type: 'ClientEventDataTransferStalled',
    })
    expect(clientEventForTransfer(transferEvent('stalled', 'peer gone'))).toEqual({
      type: 'ClientEventDataTransferStalled',
      error: 'peer gone',
    })
    expect(clientEventForTransfer(transferEvent('accepted'))).toEqual({
      type: 'ClientEventDataTransferQueued',
      channel: record,
    })
    expect(clientEventForTransfer(transferEvent('initiated'))).toEqual({
      type: 'ClientEventDataTransferInitiated',
      channel: record,
    })
    expect(clientEventForTransfer(transferEvent('failed', 'checksum'))).toEqual({
      type: 'ClientEventDataTransferFailed',
      error: m.transferReportedError('checksum'),
    })
    expect(clientEventForTransfer(transferEvent('progress'))).toBeUndefined()
    expect(clientEventForTransfer(transferEvent('opened'))).toBeUndefined()
  })

  it('drive the deal named by the voucher through the transfer', async () => {
    const fakes = createFakes()
    const { client, errors } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    const states: string[] = []
    for (const type of ['accepted', 'progress', 'initiated', 'progress', 'completed'] as const) {
      fakes.dataTransfer.emit(type, proposalCid, { channel })
      await settle(fakes, 1)
      states.push((await client.getLocalDeal(proposalCid)).State)
    }
    expect(states.slice(0, 4)).toEqual([
      'StorageDealTransferQueued',
      'StorageDealTransferQueued',
      'StorageDealTransferring',
      'StorageDealTransferring',
    ])
    expect(states[4]).not.toBe('StorageDealTransferring')
    expect((await client.getLocalDeal(proposalCid)).TransferChannelID).toEqual(channelToRecord(channel))
    expect(errors).toEqual([])
    await client.stop()
  })

  it('fail the deal when the provider becomes unreachable, even without a reason', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    fakes.dataTransfer.emit('accepted', proposalCid, { channel })
    fakes.dataTransfer.emit('initiated', proposalCid, { channel })
    fakes.dataTransfer.emit('stalled', proposalCid, { channel })
    await settle(fakes)
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.State).toBe('StorageDealError')
    expect(deal.Message).toBe(m.dataTransferStalled(deal.Miner, undefined))
    await client.stop()
  })

  it('ignore notifications about unknown deals or out of place, and stop with the client', async () => {
    const fakes = createFakes()
    const { client, errors } = await startClient(fakes)
    fakes.dataTransfer.emit('completed', testCid('unknown proposal'))
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    fakes.dataTransfer.emit('initiated', proposalCid, { channel })
    await settle(fakes)
    expect((await client.getLocalDeal(proposalCid)).State).toBe('StorageDealStartDataTransfer')
    expect(errors).toEqual([])
    expect(fakes.dataTransfer.listenerCount).toBe(1)
    await client.stop()
    expect(fakes.dataTransfer.listenerCount).toBe(0)
  })
})
