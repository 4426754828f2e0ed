import { beforeEach, describe, expect, it } from 'vitest'
import { InProcessNetwork, type WireMessage } from '../../../src/adapters/in-process/index.ts'
import {
  encodeAskRequest,
  encodeDealStatusResponse,
  encodeProposal,
  encodeProviderDealState,
  encodeResponse,
  encodeSignedResponse,
  encodeStorageAsk,
  verifyDealStatusRequest,
  verifyProposalSignature,
  verifySignature,
} from '../../../src/market/index.ts'
import { firstDifference } from '../piece/bytes.ts'
import { CLIENT, market, PROVIDER, ScriptedReceiver } from './fixtures.ts'

let m: Awaited<ReturnType<typeof market>>
let net: InProcessNetwork
let receiver: ScriptedReceiver
let wire: WireMessage[]

beforeEach(async () => {
  m = await market()
  net = new InProcessNetwork()
  receiver = new ScriptedReceiver({ response: m.response, ask: m.ask, status: m.statusResponse })
  net.provider(PROVIDER).setReceiver(receiver)
  wire = []
  net.observe((message) => wire.push(message))
})

/** True when both byte arrays are equal. */
const same = (a: Uint8Array, b: Uint8Array) => firstDifference(a, b) === -1

describe('deal streams through the in-process network', () => {
  it('carry the proposal and the signed response as their CBOR bytes', async () => {
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    expect(stream.remotePeer).toBe(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    const { value, signedBytes } = await stream.readDealResponse()
    await stream.close()

    const [received] = receiver.proposals
    if (received?.DealProposal == null) throw new Error('no proposal received')
    expect(received).not.toBe(m.proposal)
    expect(same(encodeProposal(received), encodeProposal(m.proposal))).toBe(true)
    expect(verifyProposalSignature(received.DealProposal)).toBe(true)
    expect(receiver.streams[0]?.remotePeer).toBe(CLIENT)

    expect(value.Response.Proposal.equals(m.proposalCid)).toBe(true)
    expect(same(signedBytes, encodeResponse(m.response.Response))).toBe(true)
    if (value.Signature === null) throw new Error('response not signed')
    expect(verifySignature(value.Signature, m.worker, signedBytes)).toBe(true)

    expect(
      wire.map(({ protocol, direction, from, to, outcome }) => [protocol, direction, from, to, outcome]),
    ).toEqual([
      ['deal', 'request', CLIENT, PROVIDER, 'delivered'],
      ['deal', 'response', PROVIDER, CLIENT, 'delivered'],
    ])
    expect(same(wire[0]?.bytes ?? new Uint8Array(), encodeProposal(m.proposal))).toBe(true)
    expect(same(wire[1]?.bytes ?? new Uint8Array(), encodeSignedResponse(m.response))).toBe(true)
  })

  it('let the provider answer later, after its handler returned', async () => {
    receiver.answerDeals = false
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    const reading = stream.readDealResponse()
    const providerEnd = receiver.streams[0]
    if (providerEnd === undefined) throw new Error('no stream delivered')
    await providerEnd.writeDealResponse(m.response)
    await providerEnd.close()
    expect((await reading).value.Response.State).toBe('StorageDealWaitingForData')
  })
})

describe('ask and status requests through the in-process network', () => {
  it('return the signed ask with the bytes its signature covers', async () => {
    const request = { Miner: m.miner }
    const { value, signedBytes } = await net.client(CLIENT).queryAsk(PROVIDER, request)
    if (value.Ask?.Ask == null || value.Ask.Signature === null) throw new Error('no signed ask')
    expect(same(signedBytes, encodeStorageAsk(value.Ask.Ask))).toBe(true)
    expect(verifySignature(value.Ask.Signature, m.worker, signedBytes)).toBe(true)
    expect(receiver.askRequests[0]?.Miner.toString()).toBe(m.miner.toString())
    expect(same(wire[0]?.bytes ?? new Uint8Array(), encodeAskRequest(request))).toBe(true)
  })

  it('return an absent ask with empty signed bytes', async () => {
    receiver.askHandler = async () => ({ Ask: null })
    const { value, signedBytes } = await net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner })
    expect(value.Ask).toBeNull()
    expect(signedBytes.length).toBe(0)
  })

  it('return the signed deal state, the request signature intact on the provider side', async () => {
    const { value, signedBytes } = await net.client(CLIENT).queryDealStatus(PROVIDER, m.statusRequest)
    expect(value.DealState.State).toBe('StorageDealTransferring')
    expect(same(signedBytes, encodeProviderDealState(m.statusResponse.DealState))).toBe(true)
    expect(verifySignature(value.Signature, m.worker, signedBytes)).toBe(true)
    const [received] = receiver.statusRequests
    if (received === undefined) throw new Error('no status request received')
    expect(verifyDealStatusRequest(received, m.client)).toBe(true)
    expect(same(wire[1]?.bytes ?? new Uint8Array(), encodeDealStatusResponse(m.statusResponse))).toBe(true)
  })
})

describe('peer tags', () => {
  it('are recorded per peer on both ends', () => {
    const client = net.client(CLIENT)
    client.tagPeer(PROVIDER, 'deal-1')
    client.tagPeer(PROVIDER, 'deal-2')
    client.tagPeer(PROVIDER, 'deal-1')
    client.untagPeer(PROVIDER, 'deal-1')
    client.untagPeer(PROVIDER, 'never-added')
    expect(client.tags(PROVIDER)).toEqual(['deal-2'])
    const provider = net.provider(PROVIDER)
    provider.tagPeer(CLIENT, 'deal-2')
    expect(provider.tags(CLIENT)).toEqual(['deal-2'])
    provider.untagPeer(CLIENT, 'deal-2')
    expect(provider.tags(CLIENT)).toEqual([])
  })
})
