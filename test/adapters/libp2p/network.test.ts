/**
 * The libp2p market network: two real nodes on 127.0.0.1 in this process, every protocol, version
 * negotiation, limits, deadlines and signatures over the exact bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMarketLibp2p,
  type InboundFailure,
  Libp2pMarketNetwork,
  type Libp2pMarketNetworkInit,
} from '../../../src/adapters/libp2p/index.ts'
import {
  AbortError,
  DecodeError,
  EncodeError,
  MessageTooLargeError,
  PeerUnreachableError,
  ProtocolNotSupportedError,
  StreamResetError,
  StreamTimeoutError,
} from '../../../src/errors.ts'
import {
  clientDealProposalCid,
  decodeDealResponse,
  encodeDealParams,
  encodeDealParamsV120,
  encodeDealResponse,
  encodeMk12DealStatusRequest,
  encodeProposal,
  encodeProviderDealState,
  encodeResponse,
  encodeStorageAsk,
  MK120_DEAL_PROTOCOL_ID,
  MK121_DEAL_PROTOCOL_ID,
  newDealUuid,
  signDealProposal,
  signDealStatusRequest,
  signMk12DealStatusRequest,
  verifyDealStatusResponse,
  verifyMk12DealStatusRequest,
  verifyProposalSignature,
  verifySignature,
  verifySignedStorageAsk,
} from '../../../src/market/index.ts'
import {
  CLIENT,
  dealParams,
  MINER,
  mk11Only,
  proposal,
  sameBytes,
  TestReceiver,
  WORKER,
  wallet,
} from './fixtures.ts'

/** Deadlines long enough for a loaded machine; the deadline tests set short ones of their own. */
const FAST: Libp2pMarketNetworkInit = {
  timeouts: {
    clientWrite: 10_000,
    clientRead: 10_000,
    providerRead: 10_000,
    providerWrite: 10_000,
    close: 2_000,
  },
  openRetry: { attempts: 2, minDelay: 1, maxDelay: 2 },
}

const networks: Libp2pMarketNetwork[] = []

async function node(init: Libp2pMarketNetworkInit = {}): Promise<Libp2pMarketNetwork> {
  const network = await Libp2pMarketNetwork.create({ ...FAST, ...init })
  networks.push(network)
  return network
}

async function provider(
  receiver: TestReceiver | ReturnType<typeof mk11Only>,
  init: Libp2pMarketNetworkInit = {},
): Promise<Libp2pMarketNetwork> {
  const network = await node(init)
  network.setReceiver(receiver)
  await network.whenHandling()
  return network
}

/** A promise of the next inbound failure reported by a provider built with `failures.init`. */
function failureWatch() {
  const seen: InboundFailure[] = []
  let wake: (() => void) | undefined
  return {
    init: {
      onInboundFailure: (failure: InboundFailure) => {
        seen.push(failure)
        wake?.()
      },
    } satisfies Libp2pMarketNetworkInit,
    async next(): Promise<InboundFailure> {
      while (seen.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      return seen.shift() as InboundFailure
    },
  }
}

let client: Libp2pMarketNetwork
let full: Libp2pMarketNetwork
const receiver = new TestReceiver()

beforeAll(async () => {
  client = await node()
  full = await provider(receiver)
})

afterAll(async () => {
  await Promise.all(networks.map((network) => network.stop()))
})

describe('mk/1.1 protocols over libp2p', () => {
  it('deal on /fil/storage/mk/1.1.1: proposal and response signatures verify over the exact bytes', async () => {
    const signed = await signDealProposal(wallet, proposal())
    const stream = await client.newDealStream(full.multiaddrs[0] as string)
    expect(stream.remotePeer).toBe(full.peerId)
    expect((stream as unknown as { protocol: string }).protocol).toBe('/fil/storage/mk/1.1.1')
    await stream.writeDealProposal({ DealProposal: signed, Piece: null, FastRetrieval: true })
    const { value, signedBytes } = await stream.readDealResponse()
    await stream.close()
    expect(sameBytes(signedBytes, encodeResponse(value.Response))).toBe(true)
    expect(value.Signature).not.toBeNull()
    expect(verifySignature(value.Signature as never, WORKER, signedBytes)).toBe(true)
    expect(value.Response.Proposal.equals(await clientDealProposalCid(signed))).toBe(true)
    const served = receiver.deals.at(-1)
    expect(served?.error).toBeUndefined()
    expect(served?.stream.remotePeer).toBe(client.peerId)
    expect(verifyProposalSignature(signed)).toBe(true)
  })

  it('ask 1.1.0 and status 1.1.0 answers are signed over their re-encoded bytes', async () => {
    const ask = await client.queryAsk(full.peerId, { Miner: MINER })
    expect(ask.value.Ask?.Ask?.Miner).toEqual(MINER)
    expect(sameBytes(ask.signedBytes, encodeStorageAsk(ask.value.Ask?.Ask as never))).toBe(true)
    expect(verifySignedStorageAsk(ask.value.Ask as never, WORKER)).toBe(true)

    const cid = await clientDealProposalCid(await signDealProposal(wallet, proposal()))
    const status = await client.queryDealStatus(full.peerId, await signDealStatusRequest(wallet, CLIENT, cid))
    expect(status.value.DealState.ProposalCid?.equals(cid)).toBe(true)
    expect(sameBytes(status.signedBytes, encodeProviderDealState(status.value.DealState))).toBe(true)
    expect(verifyDealStatusResponse(status.value, WORKER)).toBe(true)
  })

  it('a 1.1.0-only provider reads text labels and refuses byte labels (no answer)', async () => {
    const old = new TestReceiver()
    const oldProvider = await provider(mk11Only(old), { dealProtocols: ['/fil/storage/mk/1.1.0'] })
    await client.addAddrs(oldProvider.peerId, oldProvider.multiaddrs)
    expect(await client.dealProtocolFamilies(oldProvider.peerId)).toEqual(['mk/1.1'])

    const text = await client.newDealStream(oldProvider.peerId)
    await text.writeDealProposal({
      DealProposal: await signDealProposal(wallet, proposal()),
      Piece: null,
      FastRetrieval: false,
    })
    expect((await text.readDealResponse()).value.Response.State).toBe('StorageDealWaitingForData')

    const bytes = await client.newDealStream(oldProvider.peerId)
    const bytesLabel = await signDealProposal(wallet, proposal(Uint8Array.of(1, 2, 3)))
    await bytes.writeDealProposal({ DealProposal: bytesLabel, Piece: null, FastRetrieval: false })
    await expect(bytes.readDealResponse()).rejects.toBeInstanceOf(StreamResetError)
    expect(old.deals.at(-1)?.error).toBeInstanceOf(DecodeError)
  })
})

describe('roles', () => {
  it('one node can be client and provider; a caller-made node is left running on stop', async () => {
    const own = await createMarketLibp2p()
    const both = new Libp2pMarketNetwork(own, FAST)
    const served = new TestReceiver()
    both.setReceiver(served)
    await both.whenHandling()
    // full → both (both as provider), then both → full (both as client).
    expect((await full.proposeMk12Deal(both.multiaddrs[0] as string, await dealParams())).Accepted).toBe(true)
    expect(served.dealParams[0]?.from).toBe(full.peerId)
    expect((await both.proposeMk12Deal(full.multiaddrs[0] as string, await dealParams())).Accepted).toBe(true)
    expect(receiver.dealParams.at(-1)?.from).toBe(both.peerId)
    await both.stop()
    expect(own.status).toBe('started')
    await own.stop()
  })
})

describe('mk/1.2 protocols over libp2p', () => {
  it('DealParams on /fil/storage/mk/1.2.1 reach the provider intact, with the client peer', async () => {
    const params = await dealParams()
    const response = await client.proposeMk12Deal(full.peerId, params)
    expect(response).toEqual({ Accepted: true, Message: '' })
    const got = receiver.dealParams.at(-1)
    expect(got?.from).toBe(client.peerId)
    expect(sameBytes(encodeDealParams(got?.params as never), encodeDealParams(params))).toBe(true)
    expect(verifyProposalSignature(got?.params.ClientDealProposal as never)).toBe(true)
  })

  it('a rejection is an answer, not an error', async () => {
    const rejecting = new TestReceiver()
    rejecting.onDealParams = async () => ({
      Accepted: false,
      Message: 'failed validation: deal label too long',
    })
    const p = await provider(rejecting)
    const response = await client.proposeMk12Deal(p.multiaddrs[0] as string, await dealParams())
    expect(response).toEqual({ Accepted: false, Message: 'failed validation: deal label too long' })
  })

  it('status 1.2.0: the request signature covers the 16 UUID bytes; unknown deals get an Error', async () => {
    const params = await dealParams()
    await client.proposeMk12Deal(full.peerId, params)
    let verified: boolean | undefined
    const answer = receiver.onMk12Status
    receiver.onMk12Status = async (request) => {
      verified = verifyMk12DealStatusRequest(request, CLIENT)
      return answer(request)
    }
    const request = await signMk12DealStatusRequest(wallet, CLIENT, params.DealUUID)
    const status = await client.queryMk12DealStatus(full.peerId, request)
    receiver.onMk12Status = answer
    expect(verified).toBe(true)
    expect(status.Error).toBe('')
    expect(status.DealStatus?.Status).toBe('Accepted')
    expect(
      status.DealStatus?.SignedProposalCid.equals(await clientDealProposalCid(params.ClientDealProposal)),
    ).toBe(true)
    expect(status.TransferSize).toBe(1000)

    const unknown = await client.queryMk12DealStatus(
      full.peerId,
      await signMk12DealStatusRequest(wallet, CLIENT, newDealUuid()),
    )
    expect(unknown.DealStatus).toBeNull()
    expect(unknown.Error).toBe('no storage deal found')
  })
})

describe('version negotiation', () => {
  it('a provider serving both families is seen as [mk/1.2, mk/1.1]', async () => {
    expect(await client.dealProtocolFamilies(full.multiaddrs[0] as string)).toEqual(['mk/1.2', 'mk/1.1'])
  })

  it('a provider that only speaks mk/1.1.1: mk/1.1 only, and mk/1.2 proposals are refused by negotiation', async () => {
    const legacy = new TestReceiver()
    const p = await provider(mk11Only(legacy))
    expect(await client.dealProtocolFamilies(p.multiaddrs[0] as string)).toEqual(['mk/1.1'])
    await expect(client.proposeMk12Deal(p.peerId, await dealParams())).rejects.toBeInstanceOf(
      ProtocolNotSupportedError,
    )
    await expect(
      client.queryMk12DealStatus(p.peerId, await signMk12DealStatusRequest(wallet, CLIENT, newDealUuid())),
    ).rejects.toBeInstanceOf(ProtocolNotSupportedError)
    expect(legacy.dealParams).toHaveLength(0)
    const stream = await client.newDealStream(p.peerId)
    await stream.writeDealProposal({
      DealProposal: await signDealProposal(wallet, proposal()),
      Piece: null,
      FastRetrieval: true,
    })
    expect((await stream.readDealResponse()).value.Response.State).toBe('StorageDealWaitingForData')
  })

  it('a 1.2.0-only provider: the client falls back to 1.2.0 and still sends the 7-key form', async () => {
    const older = new TestReceiver()
    const p = await provider(older, { dealProtocols: [MK120_DEAL_PROTOCOL_ID, '/fil/storage/mk/1.1.1'] })
    await client.addAddrs(p.peerId, p.multiaddrs)
    expect(await client.dealProtocolFamilies(p.peerId)).toEqual(['mk/1.2', 'mk/1.1'])
    // What multistream-select picks when offered [1.2.1, 1.2.0]:
    const raw = await client.node.dialProtocol(p.node.peerId, [
      MK121_DEAL_PROTOCOL_ID,
      MK120_DEAL_PROTOCOL_ID,
    ])
    expect(raw.protocol).toBe(MK120_DEAL_PROTOCOL_ID)
    raw.abort(new Error('probe only'))
    const params = await dealParams()
    expect((await client.proposeMk12Deal(p.peerId, params)).Accepted).toBe(true)
    expect(older.dealParams[0]?.params.RemoveUnsealedCopy).toBe(true)

    // A pure 1.2.0 client writes the 5-key form; the provider reads both flags as false.
    const v120 = await dealParams()
    const stream = await client.node.dialProtocol(p.node.peerId, MK120_DEAL_PROTOCOL_ID)
    await stream.sink([encodeDealParamsV120(v120)])
    const answer: number[] = []
    for await (const chunk of stream.source) answer.push(...chunk.subarray())
    expect(decodeDealResponse(Uint8Array.from(answer))).toEqual({ Accepted: true, Message: '' })
    expect(older.dealParams[1]?.params).toMatchObject({ RemoveUnsealedCopy: false, SkipIPNIAnnounce: false })
    expect(sameBytes(older.dealParams[1]?.params.DealUUID as Uint8Array, v120.DealUUID)).toBe(true)
  })

  it('a client restricted to mk/1.1 reports only mk/1.1 in common', async () => {
    const oldClient = await node({ dealProtocols: ['/fil/storage/mk/1.1.1'] })
    expect(await oldClient.dealProtocolFamilies(full.multiaddrs[0] as string)).toEqual(['mk/1.1'])
    await expect(oldClient.proposeMk12Deal(full.peerId, await dealParams())).rejects.toBeInstanceOf(
      ProtocolNotSupportedError,
    )
  })
})

describe('limits, deadlines and broken streams', () => {
  it('an oversized request is refused unanswered; an oversized answer is refused by the client', async () => {
    const watch = failureWatch()
    const small = new TestReceiver()
    const p = await provider(small, { ...watch.init, maxMessageBytes: 2_000 })
    const big = await dealParams('x'.repeat(3_000))
    await expect(client.proposeMk12Deal(p.multiaddrs[0] as string, big)).rejects.toBeInstanceOf(
      StreamResetError,
    )
    const failure = await watch.next()
    expect(failure.error).toBeInstanceOf(MessageTooLargeError)
    expect(failure.protocol).toBe(MK121_DEAL_PROTOCOL_ID)
    expect(small.dealParams).toHaveLength(0)

    const wordy = new TestReceiver()
    wordy.onDealParams = async () => ({ Accepted: false, Message: 'y'.repeat(8_000) })
    const q = await provider(wordy)
    const strict = await node({ maxMessageBytes: 100 })
    await expect(
      strict.proposeMk12Deal(q.multiaddrs[0] as string, await dealParams()),
    ).rejects.toBeInstanceOf(MessageTooLargeError)
    // The exact limit of a 8,000-character message passes.
    const exact = encodeDealResponse({ Accepted: false, Message: 'y'.repeat(8_000) }).length
    const enough = await node({ maxMessageBytes: exact })
    expect(
      (await enough.proposeMk12Deal(q.multiaddrs[0] as string, await dealParams())).Message,
    ).toHaveLength(8_000)
  })

  it('a provider that never answers hits the client read deadline', async () => {
    const silent = new TestReceiver()
    silent.onDealParams = () => new Promise(() => {})
    const p = await provider(silent)
    const impatient = await node({ timeouts: { clientRead: 150 } })
    const error = await impatient
      .proposeMk12Deal(p.multiaddrs[0] as string, await dealParams())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StreamTimeoutError)
    expect((error as StreamTimeoutError).timeoutMs).toBe(150)
  })

  it('a client that stalls hits the provider read deadline', async () => {
    const watch = failureWatch()
    const r = new TestReceiver()
    const p = await provider(r, { ...watch.init, timeouts: { providerRead: 150 } })
    await client.addAddrs(p.peerId, p.multiaddrs)

    const stalled = await client.node.dialProtocol(p.node.peerId, MK121_DEAL_PROTOCOL_ID)
    const stall = await watch.next()
    expect(stall.error).toBeInstanceOf(StreamTimeoutError)
    stalled.abort(new Error('done'))
  })

  it('a truncated or undecodable request is closed unanswered and never reaches the receiver', async () => {
    const watch = failureWatch()
    const r = new TestReceiver()
    const p = await provider(r, watch.init)
    await client.addAddrs(p.peerId, p.multiaddrs)

    const truncated = await client.node.dialProtocol(p.node.peerId, MK121_DEAL_PROTOCOL_ID)
    const bytes = encodeDealParams(await dealParams())
    await truncated.sink([bytes.subarray(0, bytes.length - 5)])
    const cut = await watch.next()
    expect(cut.error).toBeInstanceOf(DecodeError)
    expect((cut.error as DecodeError).reason).toBe('truncated')

    // A request that does not decode (UUID of 15 bytes) is closed unanswered; the handler never sees it.
    const request = await signMk12DealStatusRequest(wallet, CLIENT, newDealUuid())
    const malformed = encodeMk12DealStatusRequest(request)
    malformed[malformed.indexOf(0x50)] = 0x4f // bytes(16) header → bytes(15): the map is now malformed
    const bad = await client.node.dialProtocol(p.node.peerId, '/fil/storage/status/1.2.0')
    await bad.sink([malformed])
    const undecodable = await watch.next()
    expect(undecodable.error).toBeInstanceOf(DecodeError)
    const chunks: Uint8Array[] = []
    for await (const chunk of bad.source) chunks.push(chunk.subarray())
    expect(chunks).toHaveLength(0)
    expect(r.dealParams).toHaveLength(0)
  })

  it('unreachable peers, bad peer ids and aborts give typed errors', async () => {
    const gone = await node()
    const address = gone.multiaddrs[0] as string
    await gone.stop()
    await expect(client.proposeMk12Deal(address, await dealParams())).rejects.toBeInstanceOf(
      PeerUnreachableError,
    )
    await expect(client.queryAsk('not-a-peer', { Miner: MINER })).rejects.toMatchObject({
      code: 'ERR_INVALID_PEER_ID',
    })
    // A value without a wire form fails before anything is dialled.
    const params = { ...(await dealParams()), DealUUID: new Uint8Array(3) }
    await expect(client.proposeMk12Deal(address, params)).rejects.toBeInstanceOf(EncodeError)
    const silent = new TestReceiver()
    silent.onDealParams = () => new Promise(() => {})
    const p = await provider(silent)
    const controller = new AbortController()
    const pending = client.proposeMk12Deal(p.multiaddrs[0] as string, await dealParams(), {
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toBeInstanceOf(AbortError)
  })

  it('stopHandling resets streams in flight and refuses new ones', async () => {
    const slow = new TestReceiver()
    let entered: () => void = () => {}
    const inHandler = new Promise<void>((resolve) => (entered = resolve))
    slow.onDealParams = () => {
      entered()
      return new Promise(() => {})
    }
    const p = await provider(slow)
    const pending = client.proposeMk12Deal(p.multiaddrs[0] as string, await dealParams())
    await inHandler
    p.stopHandling()
    await expect(pending).rejects.toBeInstanceOf(StreamResetError)
    await p.whenHandling()
    await expect(client.proposeMk12Deal(p.peerId, await dealParams())).rejects.toBeInstanceOf(
      ProtocolNotSupportedError,
    )
  })

  it('peer tags go to the peer store with priority 100', async () => {
    client.tagPeer(full.peerId, 'deal-1')
    client.tagPeer(full.peerId, 'deal-2')
    client.untagPeer(full.peerId, 'deal-1')
    expect(await client.tagsOf(full.peerId)).toEqual(['deal-2'])
    const stored = await client.node.peerStore.get(full.node.peerId)
    expect(stored.tags.get('deal-2')?.value).toBe(100)
    client.untagPeer(full.peerId, 'deal-2')
    expect(await client.tagsOf(full.peerId)).toEqual([])
  })

  it('the proposal bytes on the wire are the mk/1.1.1 map form', async () => {
    // The provider decodes exactly what encodeProposal writes: re-encoding what it read gives the same bytes.
    const signed = await signDealProposal(wallet, proposal('label'))
    const seen: Uint8Array[] = []
    const r = new TestReceiver()
    r.onDealStream = async (stream) => {
      seen.push(encodeProposal(await stream.readDealProposal()))
      await stream.close()
    }
    const p = await provider(mk11Only(r))
    const stream = await client.newDealStream(p.multiaddrs[0] as string)
    const sent = { DealProposal: signed, Piece: null, FastRetrieval: false }
    await stream.writeDealProposal(sent)
    await expect(stream.readDealResponse()).rejects.toBeInstanceOf(StreamResetError)
    expect(sameBytes(seen[0] as Uint8Array, encodeProposal(sent))).toBe(true)
  })
})
