import { describe, expect, it } from 'vitest'
import { clientAddress, dataRef } from './fixtures.ts'
import { proposal } from './model/runner.ts'
import { createFakes, POLLING_INTERVAL_MS, settle, startClient } from './setup.ts'

const distinct = (states: string[]) => states.filter((s, i) => s !== states[i - 1])

describe('a client deal from proposal to expiry', () => {
  it('goes through the states of the reference integration run and releases its funds', async () => {
    const fakes = createFakes()
    const { client, notifications, errors } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal({ ...proposal, fastRetrieval: true })
    await settle(fakes)
    fakes.network.providerState = 'StorageDealPublishing'
    for (const type of ['accepted', 'initiated', 'completed'] as const) {
      fakes.dataTransfer.emit(type, proposalCid)
      await settle(fakes)
    }
    await fakes.clock.advance(POLLING_INTERVAL_MS)
    fakes.network.providerState = 'StorageDealAwaitingPreCommit'
    await fakes.clock.advance(POLLING_INTERVAL_MS)
    await settle(fakes)
    expect(distinct(notifications.map((n) => n.deal.State))).toEqual([
      'StorageDealReserveClientFunds',
      'StorageDealFundsReserved',
      'StorageDealStartDataTransfer',
      'StorageDealTransferQueued',
      'StorageDealTransferring',
      'StorageDealCheckForAcceptance',
      'StorageDealProposalAccepted',
      'StorageDealAwaitingPreCommit',
      'StorageDealSealing',
      'StorageDealActive',
      'StorageDealExpired',
    ])
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal).toMatchObject({
      FastRetrieval: true,
      DealID: 5,
      SectorNumber: 10,
      FundsReserved: 0n,
      Message: '',
    })
    expect(fakes.node.reservedFor(clientAddress)).toBe(0n)
    expect(fakes.network.tags).toHaveLength(1)
    expect(fakes.network.untags).toHaveLength(1)
    expect(fakes.blockstore.cleaned).toEqual([dataRef().Root])
    expect(deal.PollRetryCount).toBe(2)
    expect(errors).toEqual([])
    await client.stop()
  })

  it('goes through ClientFunding when the escrow needs a top-up, and skips the transfer of a manual deal', async () => {
    const fakes = createFakes()
    fakes.node.balances.clear()
    const { client, notifications } = await startClient(fakes)
    await client.proposeStorageDeal({ ...proposal, data: dataRef('manual') })
    await settle(fakes)
    expect(distinct(notifications.map((n) => n.deal.State)).slice(0, 6)).toEqual([
      'StorageDealReserveClientFunds',
      'StorageDealClientFunding',
      'StorageDealFundsReserved',
      'StorageDealStartDataTransfer',
      'StorageDealCheckForAcceptance',
      'StorageDealProposalAccepted',
    ])
    expect(fakes.dataTransfer.pushes).toEqual([])
    await client.stop()
  })
})
