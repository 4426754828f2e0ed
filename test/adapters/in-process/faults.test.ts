import { beforeEach, describe, expect, it } from 'vitest'
import { InProcessNetwork, type WireMessage } from '../../../src/adapters/in-process/index.ts'
import { AbortError, DecodeError, StreamResetError } from '../../../src/errors.ts'
import { encodeResponse, verifySignature } from '../../../src/market/index.ts'
import { firstDifference } from '../piece/bytes.ts'
import { CLIENT, market, PROVIDER, ScriptedReceiver, track } from './fixtures.ts'

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

/** Lets every pending callback run (a macrotask turn, no timer involved). */
const drain = () => new Promise((resolve) => setImmediate(resolve))

describe('dropped messages', () => {
  it('leave the client waiting for a dropped response until it aborts', async () => {
    net.injectFault({ action: 'drop', protocol: 'ask', direction: 'response' })
    const controller = new AbortController()
    const asking = track(
      net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner }, { signal: controller.signal }),
    )
    await drain()
    expect(receiver.askRequests).toHaveLength(1)
    expect(asking.settled).toBe(false)
    expect(wire.map((message) => message.outcome)).toEqual(['delivered', 'dropped'])
    controller.abort()
    await expect(asking.promise).rejects.toBeInstanceOf(AbortError)
  })

  it('never reach the provider when the request is dropped', async () => {
    net.injectFault({ action: 'drop', protocol: 'status', direction: 'request' })
    const controller = new AbortController()
    const querying = track(
      net.client(CLIENT).queryDealStatus(PROVIDER, m.statusRequest, { signal: controller.signal }),
    )
    await drain()
    expect(receiver.statusRequests).toHaveLength(0)
    expect(querying.settled).toBe(false)
    controller.abort()
    await expect(querying.promise).rejects.toBeInstanceOf(AbortError)
  })

  it('end in a reset when the provider closes the stream after its response was lost', async () => {
    net.injectFault({ action: 'drop', protocol: 'deal', direction: 'response' })
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    await expect(stream.readDealResponse()).rejects.toBeInstanceOf(StreamResetError)
  })
})

describe('stalled messages', () => {
  it('hold a deal response, even past the provider closing, until the read is aborted', async () => {
    net.injectFault({ action: 'stall', protocol: 'deal', direction: 'response' })
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    const controller = new AbortController()
    const reading = track(stream.readDealResponse({ signal: controller.signal }))
    await drain()
    expect(reading.settled).toBe(false)
    controller.abort()
    await expect(reading.promise).rejects.toBeInstanceOf(AbortError)
  })

  it('break when the provider stops handling', async () => {
    net.injectFault({ action: 'stall', protocol: 'ask', direction: 'response' })
    const asking = net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner })
    await drain()
    net.provider(PROVIDER).stopHandling()
    await expect(asking).rejects.toBeInstanceOf(StreamResetError)
    expect(wire.map((message) => message.outcome)).toEqual(['delivered', 'stalled'])
  })
})

describe('corrupted messages', () => {
  it('fail to decode by default (the last byte is cut off)', async () => {
    net.injectFault({ action: 'corrupt', protocol: 'ask', direction: 'response' })
    await expect(net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner })).rejects.toBeInstanceOf(
      DecodeError,
    )
    expect(wire[1]?.outcome).toBe('corrupted')
  })

  it('show up as a signature that no longer verifies when a signed byte flips', async () => {
    net.injectFault({
      action: 'corrupt',
      protocol: 'deal',
      direction: 'response',
      mutate: (bytes) => {
        // The map's last entry is the signature; flip a byte inside its data.
        const at = bytes.length - 10
        bytes[at] = (bytes[at] as number) ^ 0xff
        return bytes
      },
    })
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    const { value, signedBytes } = await stream.readDealResponse()
    expect(firstDifference(signedBytes, encodeResponse(m.response.Response))).toBe(-1)
    if (value.Signature === null) throw new Error('signature lost')
    expect(verifySignature(value.Signature, m.worker, signedBytes)).toBe(false)
  })
})

describe('fault rules', () => {
  it('apply to as many matching messages as asked, then stop; disarming stops them early', async () => {
    const client = net.client(CLIENT)
    net.injectFault({ action: 'corrupt', protocol: 'ask', direction: 'response', times: 2 })
    await expect(client.queryAsk(PROVIDER, { Miner: m.miner })).rejects.toBeInstanceOf(DecodeError)
    await expect(client.queryAsk(PROVIDER, { Miner: m.miner })).rejects.toBeInstanceOf(DecodeError)
    await expect(client.queryAsk(PROVIDER, { Miner: m.miner })).resolves.toBeDefined()

    const disarm = net.injectFault({ action: 'corrupt', protocol: 'status', direction: 'response', times: 5 })
    await expect(client.queryDealStatus(PROVIDER, m.statusRequest)).rejects.toBeInstanceOf(DecodeError)
    disarm()
    await expect(client.queryDealStatus(PROVIDER, m.statusRequest)).resolves.toBeDefined()
  })

  it('only touch messages of the provider they name; a corrupt request resets the exchange', async () => {
    const other = new ScriptedReceiver({ response: m.response, ask: m.ask, status: m.statusResponse })
    net.provider('other-provider').setReceiver(other)
    net.injectFault({ action: 'corrupt', provider: 'other-provider' })
    await expect(net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner })).resolves.toBeDefined()
    const failure = await net
      .client(CLIENT)
      .queryAsk('other-provider', { Miner: m.miner })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StreamResetError)
    expect((failure as Error).cause).toBeInstanceOf(DecodeError)
    expect(other.askRequests).toHaveLength(0)
  })
})
