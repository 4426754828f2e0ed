import { Key } from 'interface-datastore'
import { base64 } from 'multiformats/bases/base64'
import { CID, type MultihashDigest } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { peerToRecord } from '../../src/adapters/record-ids.ts'
import {
  clientDealRecordCodec,
  createStorageClient,
  DEFAULT_POLLING_INTERVAL_MS,
} from '../../src/client/index.ts'
import {
  AbortError,
  DealNotFoundError,
  MissingPieceCommitmentError,
  NotStartedError,
  PieceTooLargeError,
} from '../../src/errors.ts'
import { clientDealProposalCid, encodeDealProposal } from '../../src/market/index.ts'
import { fakeSign } from '../fakes/client-signatures.ts'
import { HangingDatastore } from '../fsm/hanging-datastore.ts'
import { clientAddress, dataRef, minerPeer, providerInfo, workerAddress } from './fixtures.ts'
import { proposal } from './model/runner.ts'
import { createFakes, settle, startClient } from './setup.ts'

describe('StorageClient.proposeStorageDeal', () => {
  for (const method of ['has', 'put'] as const) {
    it(`rejects with the abort reason when the datastore never answers ${method}`, async () => {
      const datastore = new HangingDatastore()
      const fakes = { ...createFakes(), datastore } as unknown as Parameters<typeof startClient>[0]
      const { client, errors } = await startClient(fakes)
      datastore.hang.add(method)
      const controller = new AbortController()
      const proposing = client.proposeStorageDeal(proposal, { signal: controller.signal }).then(
        () => 'resolved',
        (error: unknown) => error,
      )
      for (let i = 0; i < 100 && datastore.held === 0; i++) await new Promise((r) => setImmediate(r))
      expect(datastore.held).toBe(1)
      const reason = new AbortError('the proposal did not finish')
      controller.abort(reason)
      expect(await proposing).toBe(reason)
      await client.stop()
      expect(errors).toEqual([])
    })
  }

  it('signs the proposal, records the deal under its proposal CID and opens it', async () => {
    const fakes = createFakes()
    const { client, notifications } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.Proposal).toEqual({
      PieceCID: proposal.data.PieceCid,
      PieceSize: 1 << 20,
      VerifiedDeal: false,
      Client: clientAddress,
      Provider: proposal.provider.address,
      Label: proposal.data.Root.toString(base64),
      StartEpoch: 200,
      EndEpoch: 200 + 518_400,
      StoragePricePerEpoch: 10_000n,
      ProviderCollateral: fakes.node.minCollateral,
      ClientCollateral: 0n,
    })
    expect(deal.ClientSignature).toEqual(fakeSign(clientAddress, encodeDealProposal(deal.Proposal)))
    expect(proposalCid).toEqual(await clientDealProposalCid(deal))
    expect(deal.ProposalCid).toEqual(proposalCid)
    expect(deal.Miner).toEqual(peerToRecord(minerPeer))
    expect(deal.MinerWorker).toEqual(workerAddress)
    expect(deal.DataRef).toEqual(proposal.data)
    expect(deal.CreationTime).toBe(BigInt(fakes.clock.now()) * 1_000_000n)
    expect(notifications[0]?.event).toEqual({ type: 'ClientEventOpen' })
    expect(notifications[0]?.deal.State).toBe('StorageDealReserveClientFunds')
    await client.stop()
  })

  it('uses the provider collateral and the flags given', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal({
      ...proposal,
      providerCollateral: 123n,
      fastRetrieval: true,
      verifiedDeal: true,
    })
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.Proposal.ProviderCollateral).toBe(123n)
    expect(deal.Proposal.VerifiedDeal).toBe(true)
    expect(deal.FastRetrieval).toBe(true)
    await client.stop()
  })

  it('labels a CIDv0 payload with its base58 form', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    const v0 = CID.createV0(dataRef().Root.multihash as MultihashDigest<0x12>)
    const { proposalCid } = await client.proposeStorageDeal({ ...proposal, data: { ...dataRef(), Root: v0 } })
    expect((await client.getLocalDeal(proposalCid)).Proposal.Label).toBe(v0.toString())
    await client.stop()
  })

  it.each(['manual', 'graphsync'])(
    'refuses a %s deal without a piece commitment, storing nothing',
    async (type) => {
      const fakes = createFakes()
      const { client } = await startClient(fakes)
      const data = { ...dataRef(type), PieceCid: null, PieceSize: 0 }
      const error = await client.proposeStorageDeal({ ...proposal, data }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MissingPieceCommitmentError)
      expect((error as MissingPieceCommitmentError).code).toBe('ERR_MISSING_PIECE_COMMITMENT')
      expect(await client.listLocalDeals()).toEqual([])
      await client.stop()
    },
  )

  it('refuses a piece larger than the provider sector', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    const provider = providerInfo({ sectorSize: 512n << 10n })
    await expect(client.proposeStorageDeal({ ...proposal, provider })).rejects.toBeInstanceOf(
      PieceTooLargeError,
    )
    await client.stop()
  })

  it('refuses to work before start and after stop', async () => {
    const fakes = createFakes()
    const client = createStorageClient(fakes)
    await expect(client.proposeStorageDeal(proposal)).rejects.toBeInstanceOf(NotStartedError)
    await expect(client.listLocalDeals()).rejects.toBeInstanceOf(NotStartedError)
    await client.start()
    await client.stop()
    await expect(client.proposeStorageDeal(proposal)).rejects.toBeInstanceOf(NotStartedError)
  })

  it('starts again after a stop, with its deals', async () => {
    const fakes = createFakes()
    fakes.network.program.always('newDealStream', { kind: 'hang' })
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    await client.stop()
    await client.start()
    await settle(fakes)
    expect((await client.getLocalDeal(proposalCid)).State).toBe('StorageDealFundsReserved')
    await client.stop()
  })
})

describe('StorageClient deals and notifications', () => {
  it('lists every deal and reports an unknown one as not found', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    const a = await client.proposeStorageDeal(proposal)
    const b = await client.proposeStorageDeal({ ...proposal, data: dataRef('graphsync', 'other payload') })
    const listed = (await client.listLocalDeals()).map((d) => d.ProposalCid.toString()).sort()
    expect(listed).toEqual([a.proposalCid.toString(), b.proposalCid.toString()].sort())
    await expect(client.getLocalDeal(dataRef().Root)).rejects.toBeInstanceOf(DealNotFoundError)
    await client.stop()
  })

  it('notifies subscribers after the deal is persisted, until they unsubscribe', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    const seen: string[] = []
    const stored: string[] = []
    const unsubscribe = client.subscribe((event, deal) => {
      seen.push(`${event.type}:${deal.State}`)
      const bytes = fakes.datastore.get(new Key(`/${deal.ProposalCid}`)) as Uint8Array
      stored.push(clientDealRecordCodec.decode(bytes).State)
    })
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    unsubscribe()
    const count = seen.length
    fakes.dataTransfer.emit('accepted', proposalCid)
    await settle(fakes)
    expect(seen.slice(0, 4)).toEqual([
      'ClientEventOpen:StorageDealReserveClientFunds',
      'ClientEventFundsReserved:StorageDealReserveClientFunds',
      'ClientEventFundingComplete:StorageDealFundsReserved',
      'ClientEventInitiateDataTransfer:StorageDealStartDataTransfer',
    ])
    expect(stored).toEqual(seen.map((s) => s.split(':')[1]))
    expect(seen).toHaveLength(count)
    expect((await client.getLocalDeal(proposalCid)).State).toBe('StorageDealTransferQueued')
    await client.stop()
  })

  it('reports a throwing subscriber and carries on', async () => {
    const fakes = createFakes()
    const { client, errors } = await startClient(fakes)
    client.subscribe(() => {
      throw new Error('subscriber bug')
    })
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    expect(errors[0]?.message).toBe('subscriber bug')
    expect((await client.getLocalDeal(proposalCid)).State).toBe('StorageDealStartDataTransfer')
    await client.stop()
  })

  it('polls every 30 s unless configured', () => {
    const fakes = createFakes()
    expect(createStorageClient(fakes).pollingIntervalMs).toBe(DEFAULT_POLLING_INTERVAL_MS)
    expect(DEFAULT_POLLING_INTERVAL_MS).toBe(30_000)
    expect(createStorageClient(fakes, { pollingIntervalMs: 5 }).pollingIntervalMs).toBe(5)
  })
})
