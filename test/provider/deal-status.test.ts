import { beforeEach, describe, expect, it } from 'vitest'
import { signDealStatusRequest, verifyDealStatusResponse } from '../../src/market/index.ts'
import { StatusQueryText, type StorageProvider } from '../../src/provider/index.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { propose, startProvider, untilState } from './provider-harness.ts'

describe('deal status queries', () => {
  let world: ProviderWorld
  let provider: StorageProvider
  beforeEach(async () => {
    world = await createProviderWorld()
    provider = (await startProvider(world)).provider
  })

  it('answers the client with the deal state, signed by the worker key', async () => {
    const { proposalCid } = await propose(world, provider)
    const deal = await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    const request = await signDealStatusRequest(world.wallet, world.client, proposalCid)
    const response = await provider.handleDealStatusRequest(request)
    expect(response.DealState).toEqual({
      State: 'StorageDealWaitingForData',
      Message: '',
      Proposal: deal.Proposal,
      ProposalCid: proposalCid,
      AddFundsCid: null,
      PublishCid: null,
      DealID: 0,
      FastRetrieval: true,
    })
    expect(verifyDealStatusResponse(response, world.worker)).toBe(true)
  })

  it('answers an unknown proposal with a signed error state', async () => {
    const request = await signDealStatusRequest(world.wallet, world.client, world.root)
    const response = await provider.handleDealStatusRequest(request)
    expect(response.DealState).toMatchObject({
      State: 'StorageDealError',
      Message: StatusQueryText.unknownProposal,
    })
    expect(response.DealState.Proposal).toBeNull()
    expect(verifyDealStatusResponse(response, world.worker)).toBe(true)
  })

  it('answers a request not signed by the proposal client with a signed error state', async () => {
    const { proposalCid } = await propose(world, provider)
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    const stranger = world.wallet.generateKey('secp256k1')
    const request = await signDealStatusRequest(world.wallet, stranger, proposalCid)
    const response = await provider.handleDealStatusRequest(request)
    expect(response.DealState).toMatchObject({
      State: 'StorageDealError',
      Message: StatusQueryText.badSignature,
    })
    expect(verifyDealStatusResponse(response, world.worker)).toBe(true)
  })

  it('hides node failures behind a generic error state', async () => {
    const { proposalCid } = await propose(world, provider)
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    const request = await signDealStatusRequest(world.wallet, world.client, proposalCid)
    world.node.faults.fail('verifySignature', new Error('key lookup failed at tipset xyz'))
    const response = await provider.handleDealStatusRequest(request)
    expect(response.DealState).toMatchObject({ State: 'StorageDealError', Message: StatusQueryText.internal })
  })

  it('rejects when the answer cannot be signed', async () => {
    world.node.faults.fail('signBytes', new Error('wallet locked'))
    const request = await signDealStatusRequest(world.wallet, world.client, world.root)
    await expect(provider.handleDealStatusRequest(request)).rejects.toThrow('wallet locked')
  })
})
