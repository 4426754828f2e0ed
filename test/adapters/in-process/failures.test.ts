import { beforeEach, describe, expect, it } from 'vitest'
import { InProcessNetwork } from '../../../src/adapters/in-process/index.ts'
import {
  AbortError,
  DecodeError,
  MessageTooLargeError,
  PeerUnreachableError,
  ProtocolNotSupportedError,
  StreamClosedError,
  StreamResetError,
} from '../../../src/errors.ts'
import { CLIENT, market, PROVIDER, ScriptedReceiver, untilAborted } from './fixtures.ts'

let m: Awaited<ReturnType<typeof market>>
let net: InProcessNetwork
let receiver: ScriptedReceiver

beforeEach(async () => {
  m = await market()
  net = new InProcessNetwork()
  receiver = new ScriptedReceiver({ response: m.response, ask: m.ask, status: m.statusResponse })
  net.provider(PROVIDER).setReceiver(receiver)
})

describe('reaching a provider', () => {
  it('fails with PeerUnreachableError for a peer not on the network', async () => {
    const client = net.client(CLIENT)
    await expect(client.newDealStream('nobody')).rejects.toBeInstanceOf(PeerUnreachableError)
    await expect(client.queryAsk('nobody', { Miner: m.miner })).rejects.toBeInstanceOf(PeerUnreachableError)
    await expect(client.queryDealStatus('nobody', m.statusRequest)).rejects.toBeInstanceOf(
      PeerUnreachableError,
    )
  })

  it('fails with ProtocolNotSupportedError for a provider without a receiver or one that stopped', async () => {
    net.provider('idle-provider')
    const client = net.client(CLIENT)
    await expect(client.newDealStream('idle-provider')).rejects.toBeInstanceOf(ProtocolNotSupportedError)
    net.provider(PROVIDER).stopHandling()
    await expect(client.queryAsk(PROVIDER, { Miner: m.miner })).rejects.toMatchObject({
      code: 'ERR_PROTOCOL_NOT_SUPPORTED',
      protocol: '/fil/storage/ask/1.1.0',
    })
    net.provider(PROVIDER).setReceiver(receiver)
    await expect(client.queryAsk(PROVIDER, { Miner: m.miner })).resolves.toBeDefined()
  })

  it('rejects calls whose signal is already aborted', async () => {
    const signal = AbortSignal.abort()
    await expect(net.client(CLIENT).newDealStream(PROVIDER, { signal })).rejects.toBeInstanceOf(AbortError)
    await expect(
      net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner }, { signal }),
    ).rejects.toBeInstanceOf(AbortError)
  })
})

describe('message size limit', () => {
  it('refuses to write a proposal larger than the limit', async () => {
    const small = new InProcessNetwork({ maxMessageBytes: 200 })
    small.provider(PROVIDER).setReceiver(receiver)
    const stream = await small.client(CLIENT).newDealStream(PROVIDER)
    await expect(stream.writeDealProposal(m.proposal)).rejects.toBeInstanceOf(MessageTooLargeError)
  })

  it('resets the request when the provider answer is too large to send', async () => {
    const small = new InProcessNetwork({ maxMessageBytes: 100 })
    small.provider(PROVIDER).setReceiver(receiver)
    const failure = await small
      .client(CLIENT)
      .queryAsk(PROVIDER, { Miner: m.miner })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StreamResetError)
    expect((failure as StreamResetError).cause).toBeInstanceOf(MessageTooLargeError)
  })

  it('is enforced by the reader too, for bytes that grew in flight', async () => {
    net.injectFault({
      action: 'corrupt',
      direction: 'response',
      mutate: (bytes) => new Uint8Array(70_000).fill(bytes[0] ?? 0),
    })
    await expect(net.client(CLIENT).queryDealStatus(PROVIDER, m.statusRequest)).rejects.toMatchObject({
      code: 'ERR_MESSAGE_TOO_LARGE',
      size: 70_000,
      limit: 65_536,
    })
  })
})

describe('closed streams', () => {
  it('refuse a second proposal, and any use after close', async () => {
    receiver.answerDeals = false
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    await expect(stream.writeDealProposal(m.proposal)).rejects.toBeInstanceOf(StreamClosedError)
    await stream.close()
    await expect(stream.readDealResponse()).rejects.toBeInstanceOf(StreamClosedError)
    await expect(stream.writeDealProposal(m.proposal)).rejects.toBeInstanceOf(StreamClosedError)
  })

  it('reset the client read when the provider closes without answering', async () => {
    receiver.answerDeals = false
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    const reading = stream.readDealResponse()
    await receiver.streams[0]?.close()
    await expect(reading).rejects.toBeInstanceOf(StreamResetError)
  })

  it('reset the provider when the client leaves: no proposal to read, no reader for the response', async () => {
    const readFailure = new Promise<unknown>((resolve) => {
      receiver.handleDealStream = async (stream) => {
        resolve(await stream.readDealProposal().catch((error: unknown) => error))
      }
    })
    const early = await net.client(CLIENT).newDealStream(PROVIDER)
    await early.close()
    expect(await readFailure).toBeInstanceOf(StreamResetError)

    receiver.handleDealStream = ScriptedReceiver.prototype.handleDealStream
    receiver.answerDeals = false
    const late = await net.client(CLIENT).newDealStream(PROVIDER)
    await late.writeDealProposal(m.proposal)
    await late.close()
    await expect(receiver.streams[0]?.writeDealResponse(m.response)).rejects.toBeInstanceOf(StreamResetError)
  })

  it('reset the stream when the provider handler fails', async () => {
    receiver.handleDealStream = async () => {
      throw new Error('handler crashed')
    }
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await expect(stream.readDealResponse()).rejects.toBeInstanceOf(StreamResetError)
  })
})

describe('a provider that stops handling', () => {
  it('resets deal streams and requests in flight, and aborts their handlers', async () => {
    receiver.answerDeals = false
    receiver.askHandler = (_request, signal) => untilAborted(signal)
    const client = net.client(CLIENT)
    const stream = await client.newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    const reading = stream.readDealResponse()
    const asking = client.queryAsk(PROVIDER, { Miner: m.miner })
    expect(net.provider(PROVIDER).inFlight).toBe(2)

    net.provider(PROVIDER).stopHandling()
    await expect(reading).rejects.toBeInstanceOf(StreamResetError)
    await expect(asking).rejects.toBeInstanceOf(StreamResetError)
    expect(receiver.signals[0]?.aborted).toBe(true)
    expect(net.provider(PROVIDER).inFlight).toBe(0)
  })

  it('reaches the client as a reset when its handler throws', async () => {
    receiver.statusHandler = async () => {
      throw new Error('datastore down')
    }
    const failure = await net
      .client(CLIENT)
      .queryDealStatus(PROVIDER, m.statusRequest)
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StreamResetError)
    expect((failure as Error).cause).toMatchObject({ message: 'datastore down' })
  })

  it('sees its handler aborted when the client gives up', async () => {
    receiver.askHandler = (_request, signal) => untilAborted(signal)
    const controller = new AbortController()
    const asking = net.client(CLIENT).queryAsk(PROVIDER, { Miner: m.miner }, { signal: controller.signal })
    controller.abort()
    await expect(asking).rejects.toBeInstanceOf(AbortError)
    expect(receiver.signals[0]?.aborted).toBe(true)
  })
})

describe('undecodable messages', () => {
  it('fail the reader with DecodeError', async () => {
    net.injectFault({ action: 'corrupt', protocol: 'deal', direction: 'request' })
    const readFailure = new Promise<unknown>((resolve) => {
      receiver.handleDealStream = async (stream) => {
        resolve(await stream.readDealProposal().catch((error: unknown) => error))
      }
    })
    const stream = await net.client(CLIENT).newDealStream(PROVIDER)
    await stream.writeDealProposal(m.proposal)
    expect(await readFailure).toBeInstanceOf(DecodeError)
  })
})
