/**
 * Boost's protocols on the in-process network: DealParams and status 1.2.0 cross the wire as CBOR,
 * the provider's families follow its receiver, and a provider limited to one family refuses the
 * other's protocols.
 */
import { describe, expect, it } from 'vitest'
import { InProcessNetwork, InProcessPullHub } from '../../../src/adapters/in-process/index.ts'
import type { MarketReceiver } from '../../../src/adapters/network.ts'
import { ProtocolNotSupportedError, StreamResetError } from '../../../src/errors.ts'
import {
  type DealParams,
  type DealResponse,
  decodeHttpRequest,
  encodeDealParams,
  type Mk12DealStatusRequest,
  type Mk12DealStatusResponse,
  newDealUuid,
  signMk12DealStatusRequest,
} from '../../../src/market/index.ts'
import { CLIENT, market, PROVIDER, ScriptedReceiver } from './fixtures.ts'

/** A receiver that also speaks mk/1.2: records what it got and answers as scripted. */
class Mk12Receiver extends ScriptedReceiver implements MarketReceiver {
  readonly params: { params: DealParams; from: string }[] = []
  readonly mk12Status: { request: Mk12DealStatusRequest; from: string }[] = []
  dealResponse: DealResponse = { Accepted: true, Message: '' }
  fail = false

  async handleDealParams(params: DealParams, from: string): Promise<DealResponse> {
    this.params.push({ params, from })
    if (this.fail) throw new Error('the provider is stopping')
    return this.dealResponse
  }

  async handleMk12DealStatusRequest(
    request: Mk12DealStatusRequest,
    from: string,
  ): Promise<Mk12DealStatusResponse> {
    this.mk12Status.push({ request, from })
    return {
      DealUUID: request.DealUUID,
      Error: 'no storage deal found with deal UUID x',
      DealStatus: null,
      IsOffline: false,
      TransferSize: 0,
      NBytesReceived: 0,
    }
  }
}

async function setup() {
  const m = await market()
  const net = new InProcessNetwork()
  const receiver = new Mk12Receiver({ response: m.response, ask: m.ask, status: m.statusResponse })
  net.provider(PROVIDER).setReceiver(receiver)
  const params: DealParams = {
    DealUUID: newDealUuid(),
    IsOffline: true,
    ClientDealProposal: m.proposal.DealProposal ?? (undefined as never),
    DealDataRoot: m.proposal.Piece?.Root ?? (undefined as never),
    Transfer: { Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 },
    RemoveUnsealedCopy: true,
    SkipIPNIAnnounce: false,
  }
  return { m, net, receiver, params, client: net.client(CLIENT) }
}

describe('the in-process network over mk/1.2', () => {
  it('carries DealParams to the provider and the DealResponse back, as their CBOR', async () => {
    const { net, receiver, params, client } = await setup()
    const seen: string[] = []
    net.observe((message) => seen.push(`${message.protocol} ${message.direction}`))
    receiver.dealResponse = { Accepted: false, Message: 'deal label can be at most 256 bytes, is 300' }
    expect(await client.proposeMk12Deal(PROVIDER, params)).toEqual(receiver.dealResponse)
    expect(receiver.params).toHaveLength(1)
    expect(receiver.params[0]?.from).toBe(CLIENT)
    expect(encodeDealParams(receiver.params[0]?.params as DealParams)).toEqual(encodeDealParams(params))
    expect(seen).toEqual(['mk12-deal request', 'mk12-deal response'])
  })

  it('carries a signed status 1.2.0 request and its unsigned answer', async () => {
    const { m, receiver, params, client } = await setup()
    const request = await signMk12DealStatusRequest(m.wallet, m.client, params.DealUUID)
    const answer = await client.queryMk12DealStatus(PROVIDER, request)
    expect(answer.Error).toBe('no storage deal found with deal UUID x')
    expect(receiver.mk12Status[0]?.request.DealUUID).toEqual(params.DealUUID)
  })

  it('reports the families a provider serves, following its receiver and its restrictions', async () => {
    const { m, net, client } = await setup()
    expect(await client.dealProtocolFamilies(PROVIDER)).toEqual(['mk/1.2', 'mk/1.1'])
    net
      .provider('legacy')
      .setReceiver(new ScriptedReceiver({ response: m.response, ask: m.ask, status: m.statusResponse }))
    expect(await client.dealProtocolFamilies('legacy')).toEqual(['mk/1.1'])
    net.provider(PROVIDER).serveOnly(['mk/1.1'])
    expect(await client.dealProtocolFamilies(PROVIDER)).toEqual(['mk/1.1'])
    await expect(client.proposeMk12Deal('legacy', (await setup()).params)).rejects.toBeInstanceOf(
      ProtocolNotSupportedError,
    )
    net
      .provider('boost')
      .setReceiver(new Mk12Receiver({ response: m.response, ask: m.ask, status: m.statusResponse }))
    net.provider('boost').serveOnly(['mk/1.2'])
    expect(await client.dealProtocolFamilies('boost')).toEqual(['mk/1.2'])
    await expect(client.newDealStream('boost')).rejects.toBeInstanceOf(ProtocolNotSupportedError)
  })

  it('gives the client no answer when the provider cannot answer', async () => {
    const { receiver, params, client } = await setup()
    receiver.fail = true
    await expect(client.proposeMk12Deal(PROVIDER, params)).rejects.toBeInstanceOf(StreamResetError)
  })
})

describe('the in-process pull', () => {
  it('serves a registered CAR with a bearer header and stops serving it on release', async () => {
    const hub = new InProcessPullHub()
    const car = new Uint8Array(300).fill(9)
    const registry = hub.registry(() => car)
    const uuid = newDealUuid()
    const { m } = await setup()
    const transfer = await registry.register({
      dealUuid: uuid,
      root: m.proposal.Piece?.Root ?? (undefined as never),
    })
    expect(transfer.Type).toBe('http')
    expect(transfer.Size).toBe(300)
    const request = decodeHttpRequest(transfer.Params)
    expect(request.URL).toMatch(/^http:\/\/in-process-pull\.invalid\//)
    expect(request.Headers?.Authorization).toMatch(/^Bearer /)
    expect(hub.served).toEqual([request.URL])
    registry.release(uuid)
    expect(hub.served).toEqual([])
  })
})
