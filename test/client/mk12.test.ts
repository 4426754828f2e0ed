/**
 * The client machine over Boost's protocol: the same states and entry functions, with DealParams
 * proposed, no push, and acceptance read from the status checkpoints.
 */
import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { providerStateFromMk12 } from '../../src/client/mk12-status.ts'
import { chooseProtocolFamily } from '../../src/client/protocol-family.ts'
import { ProtocolFamilyUnavailableError, ProviderQueryFailedError } from '../../src/errors.ts'
import type { Mk12DealStatusResponse } from '../../src/market/index.ts'
import { FakeMk12ClientNetwork, FakeTransferRegistry } from '../fakes/client-mk12-network.ts'
import { dataRef, dealProposal, minerPeer, testCid } from './fixtures.ts'
import { proposal } from './model/runner.ts'
import { type ClientFakes, createFakes, POLLING_INTERVAL_MS, settle, startClient } from './setup.ts'

const distinct = (states: string[]) => states.filter((s, i) => s !== states[i - 1])

function mk12Fakes(): ClientFakes & { network: FakeMk12ClientNetwork } {
  const fakes = createFakes()
  return { ...fakes, network: new FakeMk12ClientNetwork(fakes.network.worker) }
}

describe('a client deal over mk/1.2', () => {
  it('proposes DealParams with the served URL, follows the checkpoints and releases the URL', async () => {
    const fakes = mk12Fakes()
    const registry = new FakeTransferRegistry()
    const { client, notifications, errors } = await startClient({
      ...fakes,
      transferRegistry: registry,
    } as ClientFakes)
    // The provider pulls as soon as it accepts: the first poll sees bytes arriving.
    fakes.network.nBytesReceived = 100
    const result = await client.proposeStorageDeal({ ...proposal, fastRetrieval: true })
    expect(result.protocolFamily).toBe('mk/1.2')
    await settle(fakes)
    const sent = fakes.network.mk12Proposals[0]?.params
    expect(sent?.DealUUID).toEqual(result.dealUuid)
    expect(sent?.IsOffline).toBe(false)
    expect(sent?.RemoveUnsealedCopy).toBe(false)
    expect(sent?.Transfer.Size).toBe(1234)
    expect(registry.registered[0]?.root.equals(dataRef().Root)).toBe(true)
    expect(fakes.dataTransfer.pushes).toEqual([])

    await fakes.clock.advance(POLLING_INTERVAL_MS)
    expect((await client.getLocalDeal(result.proposalCid)).Message).toBe(
      m.providerState('StorageDealTransferring'),
    )
    fakes.network.nBytesReceived = 0
    fakes.network.status = { Status: 'Published', PublishCid: testCid('publish') }
    await fakes.clock.advance(POLLING_INTERVAL_MS)
    fakes.network.status = { Status: 'PublishConfirmed', PublishCid: testCid('publish'), ChainDealID: 5 }
    await fakes.clock.advance(POLLING_INTERVAL_MS)
    await settle(fakes)
    expect(distinct(notifications.map((n) => n.deal.State))).toEqual([
      'StorageDealReserveClientFunds',
      'StorageDealFundsReserved',
      'StorageDealStartDataTransfer',
      'StorageDealCheckForAcceptance',
      'StorageDealProposalAccepted',
      'StorageDealAwaitingPreCommit',
      'StorageDealSealing',
      'StorageDealActive',
      'StorageDealExpired',
    ])
    const deal = await client.getLocalDeal(result.proposalCid)
    expect(deal.DealUUID).toEqual(result.dealUuid)
    expect(deal.PublishMessage?.equals(testCid('publish'))).toBe(true)
    expect(registry.released).toEqual([result.dealUuid])
    expect(fakes.network.mk12StatusRequests[0]?.DealUUID).toEqual(result.dealUuid)
    expect(errors).toEqual([])
    await client.stop()
  })

  it('fails with the provider reason when the DealResponse refuses the deal, releasing funds and URL', async () => {
    const fakes = mk12Fakes()
    const registry = new FakeTransferRegistry()
    fakes.network.dealResponse = { Accepted: false, Message: 'miner is not considering online storage deals' }
    const { client } = await startClient({ ...fakes, transferRegistry: registry } as ClientFakes)
    const { proposalCid, dealUuid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.State).toBe('StorageDealError')
    expect(deal.Message).toBe(
      m.unexpectedDealState('StorageDealFailing', 'miner is not considering online storage deals'),
    )
    expect(deal.FundsReserved).toBe(0n)
    expect(registry.released).toEqual([dealUuid])
    await client.stop()
  })

  it('proposes an offline deal with no transfer and fails it when the provider reports Complete', async () => {
    const fakes = mk12Fakes()
    const { client } = await startClient(fakes)
    const { proposalCid, protocolFamily } = await client.proposeStorageDeal({
      ...proposal,
      data: dataRef('manual'),
    })
    expect(protocolFamily).toBe('mk/1.2')
    await settle(fakes)
    const sent = fakes.network.mk12Proposals[0]?.params
    expect(sent?.IsOffline).toBe(true)
    expect(sent?.Transfer).toEqual({ Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 })
    expect((await client.getLocalDeal(proposalCid)).State).toBe('StorageDealCheckForAcceptance')
    fakes.network.status = { Status: 'Complete', Error: 'commp mismatch' }
    await fakes.clock.advance(POLLING_INTERVAL_MS)
    await settle(fakes)
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.State).toBe('StorageDealError')
    expect(deal.Message).toBe(m.dealRejected('StorageDealError', 'commp mismatch'))
    await client.stop()
  })

  it('fails the proposal when no answer comes', async () => {
    const fakes = mk12Fakes()
    fakes.network.proposeError = new Error('stream reset')
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal({ ...proposal, data: dataRef('manual') })
    await settle(fakes)
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.State).toBe('StorageDealError')
    expect(deal.Message).toBe(m.writeProposalFailed('stream reset'))
    await client.stop()
  })
})

describe('choosing the protocol family', () => {
  const base = {
    transferRegistry: new FakeTransferRegistry(),
    peer: minerPeer,
    offline: false,
    requested: undefined,
  }

  it('picks the newest family both sides can use', async () => {
    const network = new FakeMk12ClientNetwork(createFakes().network.worker)
    expect(await chooseProtocolFamily({ ...base, network })).toBe('mk/1.2')
    network.families = ['mk/1.1']
    expect(await chooseProtocolFamily({ ...base, network })).toBe('mk/1.1')
    network.families = ['mk/1.2']
    await expect(
      chooseProtocolFamily({ ...base, network, transferRegistry: undefined }),
    ).rejects.toBeInstanceOf(ProtocolFamilyUnavailableError)
    expect(await chooseProtocolFamily({ ...base, network, transferRegistry: undefined, offline: true })).toBe(
      'mk/1.2',
    )
  })

  it('takes a network without mk/1.2 members to speak mk/1.1, and refuses to force mk/1.2 on it', async () => {
    const network = createFakes().network
    expect(await chooseProtocolFamily({ ...base, network })).toBe('mk/1.1')
    await expect(chooseProtocolFamily({ ...base, network, requested: 'mk/1.2' })).rejects.toBeInstanceOf(
      ProtocolFamilyUnavailableError,
    )
  })
})

describe('reading a status 1.2.0 answer', () => {
  const answer = (
    status: string,
    fields: Partial<Mk12DealStatusResponse> = {},
    error = '',
  ): Mk12DealStatusResponse => ({
    DealUUID: new Uint8Array(16),
    Error: '',
    DealStatus: {
      Error: error,
      Status: status,
      SealingStatus: '',
      Proposal: dealProposal(),
      SignedProposalCid: testCid('proposal'),
      PublishCid: null,
      ChainDealID: 0,
    },
    IsOffline: false,
    TransferSize: 1000,
    NBytesReceived: 0,
    ...fields,
  })

  it('maps each checkpoint to the provider state with the same meaning', () => {
    const cases: [Mk12DealStatusResponse, string][] = [
      [answer('Accepted'), 'StorageDealWaitingForData'],
      [answer('Accepted', { NBytesReceived: 10 }), 'StorageDealTransferring'],
      [answer('Accepted', { IsOffline: true, NBytesReceived: 0 }), 'StorageDealWaitingForData'],
      [answer('Transferred'), 'StorageDealPublish'],
      [answer('Published'), 'StorageDealPublishing'],
      [answer('PublishConfirmed'), 'StorageDealStaged'],
      [answer('AddedPiece'), 'StorageDealAwaitingPreCommit'],
      [answer('IndexedAndAnnounced'), 'StorageDealAwaitingPreCommit'],
      [answer('Complete', {}, 'Cancelled'), 'StorageDealError'],
      [answer('Complete'), 'StorageDealExpired'],
      [answer('SomethingNew'), 'StorageDealUnknown'],
    ]
    for (const [response, state] of cases) expect(providerStateFromMk12(response).State).toBe(state)
    expect(providerStateFromMk12(answer('Published', {}, 'paused')).Message).toBe('paused')
  })

  it('throws when the provider answered with an error', () => {
    expect(() =>
      providerStateFromMk12({ ...answer('Accepted'), Error: 'no deal', DealStatus: null }),
    ).toThrow(ProviderQueryFailedError)
  })
})
