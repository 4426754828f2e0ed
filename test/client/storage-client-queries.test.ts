import { describe, expect, it } from 'vitest'
import {
  AskMinerMismatchError,
  AskNotFoundError,
  DealNotFoundError,
  SignatureNotVerifiedError,
} from '../../src/errors.ts'
import { dealStatusRequestSigningBytes, idAddress, type StorageAsk } from '../../src/market/index.ts'
import { returns } from '../fakes/client-program.ts'
import { fakeSign } from '../fakes/client-signatures.ts'
import { clientAddress, minerPeer, providerAddress, providerInfo, testCid } from './fixtures.ts'
import { proposal } from './model/runner.ts'
import { createFakes, startClient } from './setup.ts'

const ask: StorageAsk = {
  Price: 500_000_000n,
  VerifiedPrice: 50_000_000n,
  MinPieceSize: 256,
  MaxPieceSize: 1 << 20,
  Miner: providerAddress,
  Timestamp: 10,
  Expiry: 1_000_010,
  SeqNo: 3,
}

describe('StorageClient.getAsk', () => {
  it("returns the provider's ask once its worker signature checks out", async () => {
    const fakes = createFakes()
    fakes.network.asks.set(providerAddress.toString(), ask)
    const { client } = await startClient(fakes)
    expect(await client.getAsk(providerInfo())).toEqual(ask)
    expect(fakes.network.askRequests).toEqual([{ peer: minerPeer, request: { Miner: providerAddress } }])
    await client.stop()
  })

  it('fails with AskNotFoundError when the provider has no ask', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    await expect(client.getAsk(providerInfo())).rejects.toBeInstanceOf(AskNotFoundError)
    await client.stop()
  })

  it("fails with AskMinerMismatchError for another miner's ask", async () => {
    const fakes = createFakes()
    fakes.network.asks.set(providerAddress.toString(), { ...ask, Miner: idAddress(4242) })
    const { client } = await startClient(fakes)
    await expect(client.getAsk(providerInfo())).rejects.toBeInstanceOf(AskMinerMismatchError)
    await client.stop()
  })

  it('fails with SignatureNotVerifiedError when the worker did not sign it', async () => {
    const fakes = createFakes()
    fakes.network.asks.set(providerAddress.toString(), ask)
    const { client } = await startClient(fakes)
    const error = await client.getAsk(providerInfo({ worker: idAddress(999) })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SignatureNotVerifiedError)
    expect((error as SignatureNotVerifiedError).code).toBe('ERR_SIGNATURE_NOT_VERIFIED')
    await client.stop()
  })
})

describe('StorageClient.getProviderDealState', () => {
  it('sends a status request signed by the client over the proposal CID and returns the signed state', async () => {
    const fakes = createFakes()
    fakes.network.program.always('newDealStream', { kind: 'hang' })
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    fakes.network.program.next('queryDealStatus', returns({ State: 'StorageDealSealing', DealID: 8 }))
    const state = await client.getProviderDealState(proposalCid)
    expect(state.State).toBe('StorageDealSealing')
    expect(state.DealID).toBe(8)
    expect(fakes.network.statusRequests).toEqual([
      {
        peer: minerPeer,
        request: {
          Proposal: proposalCid,
          Signature: fakeSign(clientAddress, dealStatusRequestSigningBytes(proposalCid)),
        },
      },
    ])
    await client.stop()
  })

  it('fails with SignatureNotVerifiedError when the answer is not signed by the deal worker', async () => {
    const fakes = createFakes()
    fakes.network.program.always('newDealStream', { kind: 'hang' })
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    fakes.node.program.next('verifySignature', returns(false))
    await expect(client.getProviderDealState(proposalCid)).rejects.toBeInstanceOf(SignatureNotVerifiedError)
    await client.stop()
  })

  it('fails with DealNotFoundError for a deal the client does not have', async () => {
    const fakes = createFakes()
    const { client } = await startClient(fakes)
    await expect(client.getProviderDealState(testCid('nobody'))).rejects.toBeInstanceOf(DealNotFoundError)
    expect(fakes.network.statusRequests).toEqual([])
    await client.stop()
  })
})
