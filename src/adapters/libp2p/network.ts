/**
 * The market network over js-libp2p, for both sides and both protocol families:
 *
 * - go-fil-markets: deal `/fil/storage/mk/1.1.1` (and `1.1.0`, read with the string-only label
 *   rule), status `/fil/storage/status/1.1.0`, ask `/fil/storage/ask/1.1.0`;
 * - Boost: deal `/fil/storage/mk/1.2.1` and `1.2.0`, status `/fil/storage/status/1.2.0`, and the
 *   same ask.
 *
 * Each stream carries one request and one response, each a single CBOR item (no length prefix).
 * Deadlines are Boost's (10 s to write a request, 60 s to read its answer, 10 s for the provider
 * to read the request and 10 s to write the answer); every read is bounded by the message's size
 * limit. Opening a stream is retried (5 attempts, jittered backoff from 1 s to 5 min).
 *
 * Peers are given as peer id text (`12D3Koo…`) or as a multiaddr ending in `/p2p/<peer id>`,
 * whose address is then added to the peer store.
 *
 * @module
 */

import './with-resolvers.ts'
import type { Identify } from '@libp2p/identify'
import type { Libp2p, PeerId as Libp2pPeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import {
  AbortError,
  InvalidPeerIdError,
  messageOf,
  PeerUnreachableError,
  ProtocolNotSupportedError,
  StreamResetError,
} from '../../errors.ts'
import type {
  AskRequest,
  AskResponse,
  DealParams,
  DealResponse,
  DealStatusRequest,
  DealStatusResponse,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
} from '../../market/index.ts'
import {
  ASK,
  type ExchangeCodecs,
  type MessageCodec,
  MK12_DEAL,
  MK12_STATUS,
  MK110_DEAL,
  MK111_DEAL,
  STATUS,
} from '../../market/protocol-codecs.ts'
import type {
  ClientDealStream,
  ClientNetwork,
  DealProtocolFamily,
  MarketReceiver,
  PeerId,
  ProviderNetwork,
  Signed,
} from '../network.ts'
import type { AbortOptions } from '../node.ts'
import { Libp2pClientDealStream, Libp2pProviderDealStream } from './deal-streams.ts'
import { encodeMessage, receiveMessage, sendEncoded, sendMessage } from './exchange.ts'
import { createMarketLibp2p, type MarketLibp2pInit } from './node.ts'
import {
  DEFAULT_OPEN_RETRY,
  DEFAULT_STREAM_TIMEOUTS,
  familiesOf,
  LIBP2P_ASK_PROTOCOL,
  LIBP2P_DEAL_PROTOCOLS,
  LIBP2P_MK12_STATUS_PROTOCOL,
  LIBP2P_STATUS_PROTOCOL,
  MK11_DEAL_PROTOCOLS,
  MK12_DEAL_PROTOCOLS,
  MK110_DEAL_PROTOCOL_ID,
  type OpenRetryPolicy,
  PEER_TAG_VALUE,
  retryDelay,
  type StreamTimeouts,
} from './protocols.ts'
import { closeStream } from './stream-io.ts'

/** An inbound stream that ended without a normal answer (bad input, timeout, handler failure). */
export interface InboundFailure {
  readonly protocol: string
  readonly peer: PeerId
  readonly error: Error
}

/** Options of {@link Libp2pMarketNetwork}. */
export interface Libp2pMarketNetworkInit {
  /** Deadlines of each exchange, in ms; Boost's by default ({@link DEFAULT_STREAM_TIMEOUTS}). */
  readonly timeouts?: Partial<StreamTimeouts>
  /** Stream-open retries; the reference's by default ({@link DEFAULT_OPEN_RETRY}). */
  readonly openRetry?: Partial<OpenRetryPolicy>
  /**
   * The deal protocols this node speaks, both as a client (offered, newest first) and as a
   * provider (served). Default: all of `/fil/storage/mk/1.2.1`, `1.2.0`, `1.1.1`, `1.1.0`.
   */
  readonly dealProtocols?: readonly string[]
  /**
   * Read limit for every inbound message, in bytes, replacing each message's default (4 MiB
   * for deal proposals, 2 MiB for status responses, 64 KiB for the rest).
   */
  readonly maxMessageBytes?: number
  /** Told about every inbound stream that ended without a normal answer. */
  readonly onInboundFailure?: (failure: InboundFailure) => void
  /** Random source of the retry jitter (tests). */
  readonly random?: () => number
}

/** Options of {@link Libp2pMarketNetwork.create}: the network's and the node's. */
export interface CreateLibp2pMarketNetworkInit extends Libp2pMarketNetworkInit, MarketLibp2pInit {}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError('waiting to retry was aborted', { cause: signal.reason }))
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(new AbortError('waiting to retry was aborted', { cause: signal?.reason }))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * A client and provider network over one libp2p node. Create it around your own node with the
 * constructor (the node must have the identify service for {@link dealProtocolFamilies}), or let
 * {@link Libp2pMarketNetwork.create} make and own one.
 *
 * Errors: PeerUnreachableError (the peer cannot be dialled, after the retries),
 * ProtocolNotSupportedError (it serves none of the offered protocols), StreamTimeoutError,
 * StreamResetError (closed or reset before answering), MessageTooLargeError, DecodeError,
 * EncodeError, InvalidPeerIdError, AbortError.
 */
export class Libp2pMarketNetwork implements ClientNetwork, ProviderNetwork {
  /** The libp2p node. */
  readonly node: Libp2p
  readonly #timeouts: StreamTimeouts
  readonly #retry: OpenRetryPolicy
  readonly #dealProtocols: readonly string[]
  readonly #maxMessageBytes: number | undefined
  readonly #onInboundFailure: ((failure: InboundFailure) => void) | undefined
  readonly #random: () => number
  #ownsNode = false
  #receiver: MarketReceiver | undefined
  #handling = new AbortController()
  readonly #registered = new Set<string>()
  #registration: Promise<void> = Promise.resolve()
  readonly #inbound = new Set<Stream>()
  #tagging: Promise<void> = Promise.resolve()

  constructor(node: Libp2p, init: Libp2pMarketNetworkInit = {}) {
    this.node = node
    this.#timeouts = { ...DEFAULT_STREAM_TIMEOUTS, ...init.timeouts }
    this.#retry = { ...DEFAULT_OPEN_RETRY, ...init.openRetry }
    this.#dealProtocols = LIBP2P_DEAL_PROTOCOLS.filter(
      (protocol) => init.dealProtocols === undefined || init.dealProtocols.includes(protocol),
    )
    this.#maxMessageBytes = init.maxMessageBytes
    this.#onInboundFailure = init.onInboundFailure
    this.#random = init.random ?? Math.random
  }

  /** Creates and starts a libp2p node (TCP, noise, yamux, identify) and a network over it; `stop` stops both. */
  static async create(init: CreateLibp2pMarketNetworkInit = {}): Promise<Libp2pMarketNetwork> {
    const network = new Libp2pMarketNetwork(await createMarketLibp2p(init), init)
    network.#ownsNode = true
    return network
  }

  /** This node's peer id text. */
  get peerId(): PeerId {
    return this.node.peerId.toString()
  }

  /** The addresses this node listens on, each ending in `/p2p/<peer id>`. */
  get multiaddrs(): string[] {
    const self = this.peerId
    return this.node.getMultiaddrs().map((address) => {
      const text = address.toString()
      return text.includes('/p2p/') ? text : `${text}/p2p/${self}`
    })
  }

  /** Adds addresses of `peer` to the peer store (go-fil-markets `AddAddrs`). */
  async addAddrs(peer: PeerId, addresses: readonly string[], options?: AbortOptions): Promise<void> {
    const id = this.#peerId(peer)
    await this.node.peerStore.merge(
      id,
      { multiaddrs: addresses.map((address) => multiaddr(address)) },
      options?.signal === undefined ? {} : { signal: options.signal },
    )
  }

  // ── Client ────────────────────────────────────────────────────────────────────────────────

  /** Opens a deal stream offering `/fil/storage/mk/1.1.1` then `1.1.0`. */
  async newDealStream(peer: PeerId, options?: AbortOptions): Promise<ClientDealStream> {
    const { stream, remote } = await this.#open(peer, this.#spoken(MK11_DEAL_PROTOCOLS), options)
    const codecs = stream.protocol === MK110_DEAL_PROTOCOL_ID ? MK110_DEAL : MK111_DEAL
    return new Libp2pClientDealStream(stream, remote, {
      codecs,
      timeouts: this.#timeouts,
      maxReadBytes: this.#limit(codecs.response),
    })
  }

  /** Asks for the provider's signed ask on `/fil/storage/ask/1.1.0`. */
  async queryAsk(peer: PeerId, request: AskRequest, options?: AbortOptions): Promise<Signed<AskResponse>> {
    const value = await this.#request(peer, [LIBP2P_ASK_PROTOCOL], ASK, request, options)
    return { value, signedBytes: ASK.response.signedBytes(value) }
  }

  /** Asks for the provider's signed state of a deal on `/fil/storage/status/1.1.0`. */
  async queryDealStatus(
    peer: PeerId,
    request: DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Signed<DealStatusResponse>> {
    const value = await this.#request(peer, [LIBP2P_STATUS_PROTOCOL], STATUS, request, options)
    return { value, signedBytes: STATUS.response.signedBytes(value) }
  }

  /**
   * The deal protocol families both `peer` and this node speak, newest first, from the peer's
   * protocol list as identify reports it (connecting first). Empty when there is none in common.
   */
  async dealProtocolFamilies(peer: PeerId, options?: AbortOptions): Promise<readonly DealProtocolFamily[]> {
    const id = await this.#target(peer, options)
    const protocols = await this.#identify(id, peer, options)
    const mine = new Set(familiesOf(this.#dealProtocols))
    return familiesOf(protocols).filter((family) => mine.has(family))
  }

  /**
   * The peer's protocol list from identify. A new connection runs identify by itself (and libp2p
   * allows one identify stream at a time), so its result event is awaited; on a connection that
   * was already identified, identify is run again to get a fresh list.
   */
  async #identify(id: Libp2pPeerId, peer: PeerId, options?: AbortOptions): Promise<readonly string[]> {
    const signalOptions = options?.signal === undefined ? {} : { signal: options.signal }
    let onIdentify: ((event: CustomEvent<{ peerId: Libp2pPeerId; protocols: string[] }>) => void) | undefined
    const identified = new Promise<readonly string[]>((resolve) => {
      onIdentify = (event) => {
        if (event.detail.peerId.equals(id)) resolve(event.detail.protocols)
      }
      this.node.addEventListener('peer:identify', onIdentify)
    })
    try {
      let connection: Awaited<ReturnType<Libp2p['dial']>>
      try {
        connection = await this.node.dial(id, signalOptions)
      } catch (error) {
        throw options?.signal?.aborted
          ? new AbortError('connecting was aborted', { cause: error })
          : new PeerUnreachableError(peer, { cause: error })
      }
      const identify = (this.node.services as { identify?: Identify }).identify
      if (identify === undefined) return (await this.node.peerStore.get(id, signalOptions)).protocols
      const explicit = identify.identify(connection, signalOptions).then(
        (result) => result.protocols,
        // Busy (the automatic identify runs) or failed: the event or the deadline decides.
        () => new Promise<never>(() => {}),
      )
      const deadline = new Promise<undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), this.#timeouts.clientRead)
        options?.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          resolve(undefined)
        })
        void identified.then(() => clearTimeout(timer))
        void explicit.then(() => clearTimeout(timer))
      })
      const protocols = await Promise.race([identified, explicit, deadline])
      if (options?.signal?.aborted) throw new AbortError('identifying the peer was aborted')
      return protocols ?? (await this.node.peerStore.get(id)).protocols
    } finally {
      if (onIdentify !== undefined) this.node.removeEventListener('peer:identify', onIdentify)
    }
  }

  /**
   * Proposes a deal on `/fil/storage/mk/1.2.1` or `1.2.0` (one stream offering both, newest
   * first): writes the 7-key DealParams whichever was chosen, reads one DealResponse.
   */
  proposeMk12Deal(peer: PeerId, params: DealParams, options?: AbortOptions): Promise<DealResponse> {
    return this.#request(peer, this.#spoken(MK12_DEAL_PROTOCOLS), MK12_DEAL, params, options)
  }

  /** Asks for a deal's state on `/fil/storage/status/1.2.0`. */
  queryMk12DealStatus(
    peer: PeerId,
    request: Mk12DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse> {
    return this.#request(peer, [LIBP2P_MK12_STATUS_PROTOCOL], MK12_STATUS, request, options)
  }

  /** Tags `peer` with priority 100 in the peer store, so the connection manager keeps it. */
  tagPeer(peer: PeerId, tag: string): void {
    this.#updateTag(peer, tag, { value: PEER_TAG_VALUE })
  }

  /** Removes `tag` from `peer`. */
  untagPeer(peer: PeerId, tag: string): void {
    this.#updateTag(peer, tag, undefined)
  }

  /** The tags on `peer` in the peer store, once earlier tag updates are applied. */
  async tagsOf(peer: PeerId): Promise<string[]> {
    await this.#tagging
    try {
      const stored = await this.node.peerStore.get(this.#peerId(peer))
      return [...stored.tags.keys()]
    } catch {
      return []
    }
  }

  // ── Provider ──────────────────────────────────────────────────────────────────────────────

  /**
   * Starts serving: the mk/1.1 deal protocols, status 1.1.0 and ask 1.1.0 always; the mk/1.2 deal
   * protocols and status 1.2.0 when `receiver` has their handlers. Registration completes
   * asynchronously; await {@link whenHandling} before announcing the node.
   */
  setReceiver(receiver: MarketReceiver): void {
    this.#receiver = receiver
    if (this.#handling.signal.aborted) this.#handling = new AbortController()
    const mk12 = receiver.handleDealParams !== undefined && receiver.handleMk12DealStatusRequest !== undefined
    const wanted = [
      ...this.#spoken(MK11_DEAL_PROTOCOLS),
      LIBP2P_ASK_PROTOCOL,
      LIBP2P_STATUS_PROTOCOL,
      ...(mk12 ? this.#spoken(MK12_DEAL_PROTOCOLS) : []),
    ]
    if (mk12 && this.#spoken(MK12_DEAL_PROTOCOLS).length > 0) wanted.push(LIBP2P_MK12_STATUS_PROTOCOL)
    this.#register(wanted)
  }

  /** Resolves once the protocols of the last {@link setReceiver} or {@link stopHandling} are (un)registered. */
  whenHandling(): Promise<void> {
    return this.#registration
  }

  /** Stops serving: unregisters every protocol and resets inbound streams in flight. */
  stopHandling(): void {
    this.#receiver = undefined
    this.#handling.abort(new StreamResetError('the provider stopped handling requests'))
    this.#register([])
    for (const stream of this.#inbound)
      stream.abort(new StreamResetError('the provider stopped handling requests'))
    this.#inbound.clear()
  }

  /** Stops handling and, when this network created the node, stops the node. */
  async stop(): Promise<void> {
    this.stopHandling()
    await this.#registration
    if (this.#ownsNode) await this.node.stop()
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────

  /** The protocols of `list` this node speaks, in `list` order. */
  #spoken(list: readonly string[]): string[] {
    return list.filter((protocol) => this.#dealProtocols.includes(protocol))
  }

  #limit(codec: MessageCodec<never> | MessageCodec<unknown>): number {
    return this.#maxMessageBytes ?? codec.maxBytes
  }

  #peerId(peer: PeerId): Libp2pPeerId {
    const text = peer.startsWith('/') ? multiaddr(peer).getPeerId() : peer
    if (text === null) throw new InvalidPeerIdError(`multiaddr ${peer} has no /p2p/ peer id`)
    try {
      return peerIdFromString(text)
    } catch (error) {
      throw new InvalidPeerIdError(`invalid peer id ${JSON.stringify(text)}`, { cause: error })
    }
  }

  /** The peer id of `peer`, after adding the address when `peer` is a multiaddr. */
  async #target(peer: PeerId, options?: AbortOptions): Promise<Libp2pPeerId> {
    let id: Libp2pPeerId
    try {
      id = this.#peerId(peer)
    } catch (error) {
      if (error instanceof InvalidPeerIdError) throw error
      throw new InvalidPeerIdError(`invalid peer ${JSON.stringify(peer)}: ${messageOf(error)}`, {
        cause: error,
      })
    }
    if (peer.startsWith('/')) {
      const address = multiaddr(peer).decapsulateCode(421)
      await this.node.peerStore.merge(
        id,
        { multiaddrs: [address] },
        options?.signal === undefined ? {} : { signal: options.signal },
      )
    }
    return id
  }

  /** Opens a stream offering `protocols`, retrying as the reference does (but never on a definite "no"). */
  async #open(
    peer: PeerId,
    protocols: readonly string[],
    options: AbortOptions | undefined,
  ): Promise<{ stream: Stream; remote: PeerId }> {
    const id = await this.#target(peer, options)
    const remote = id.toString()
    if (protocols.length === 0)
      throw new ProtocolNotSupportedError(remote, 'no deal protocol enabled on this node')
    for (let attempt = 1; ; attempt++) {
      try {
        const stream = await this.node.dialProtocol(
          id,
          [...protocols],
          options?.signal === undefined ? {} : { signal: options.signal },
        )
        return { stream, remote }
      } catch (error) {
        const name = error instanceof Error ? error.name : ''
        if (options?.signal?.aborted || name === 'AbortError') {
          throw new AbortError(`opening a stream to ${remote} was aborted`, { cause: error })
        }
        if (name === 'UnsupportedProtocolError') {
          throw new ProtocolNotSupportedError(remote, protocols.join(' or '), { cause: error })
        }
        if (attempt >= this.#retry.attempts) {
          throw new PeerUnreachableError(remote, {
            cause: new Error(
              `exhausted ${attempt} attempts but failed to open stream, err: ${messageOf(error)}`,
              {
                cause: error,
              },
            ),
          })
        }
        await sleep(retryDelay(this.#retry, attempt - 1, this.#random), options?.signal)
      }
    }
  }

  /** One request and one response on a new stream. */
  async #request<Req, Res>(
    peer: PeerId,
    protocols: readonly string[],
    codecs: ExchangeCodecs<Req, Res>,
    request: Req,
    options: AbortOptions | undefined,
  ): Promise<Res> {
    // Encode first: a value without a wire form fails before anything is dialled.
    const bytes = encodeMessage(codecs.request, request)
    const { stream } = await this.#open(peer, protocols, options)
    try {
      await sendEncoded(stream, codecs.request.name, bytes, this.#timeouts.clientWrite, options)
      const { value } = await receiveMessage(
        stream,
        codecs.response,
        this.#limit(codecs.response),
        this.#timeouts.clientRead,
        options,
      )
      await closeStream(stream, this.#timeouts.close)
      return value
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)))
      throw error
    }
  }

  #updateTag(peer: PeerId, tag: string, value: { value: number } | undefined): void {
    let id: Libp2pPeerId
    try {
      id = this.#peerId(peer)
    } catch {
      return
    }
    this.#tagging = this.#tagging
      .then(() => this.node.peerStore.merge(id, { tags: { [tag]: value } }))
      .then(
        () => {},
        () => {},
      )
  }

  #register(wanted: readonly string[]): void {
    const add = wanted.filter((protocol) => !this.#registered.has(protocol))
    const remove = [...this.#registered].filter((protocol) => !wanted.includes(protocol))
    for (const protocol of add) this.#registered.add(protocol)
    for (const protocol of remove) this.#registered.delete(protocol)
    this.#registration = this.#registration.then(async () => {
      if (remove.length > 0) await this.node.unhandle(remove)
      for (const protocol of add) {
        await this.node.handle(
          protocol,
          ({ stream, connection }) => {
            void this.#serve(protocol, stream, connection.remotePeer.toString())
          },
          { force: true },
        )
      }
    })
  }

  async #serve(protocol: string, stream: Stream, from: PeerId): Promise<void> {
    const receiver = this.#receiver
    if (receiver === undefined) {
      stream.abort(new ProtocolNotSupportedError(this.peerId, protocol))
      return
    }
    this.#inbound.add(stream)
    const signal = this.#handling.signal
    try {
      if (MK11_DEAL_PROTOCOLS.includes(protocol)) {
        const codecs = protocol === MK110_DEAL_PROTOCOL_ID ? MK110_DEAL : MK111_DEAL
        await receiver.handleDealStream(
          new Libp2pProviderDealStream(stream, from, {
            codecs,
            timeouts: this.#timeouts,
            maxReadBytes: this.#limit(codecs.request),
          }),
        )
        // The receiver owns the stream now: it answers later (after validating the deal) and closes it.
      } else if (protocol === LIBP2P_ASK_PROTOCOL) {
        await this.#answer(stream, ASK, (request) => receiver.handleAskRequest(request, { signal }))
      } else if (protocol === LIBP2P_STATUS_PROTOCOL) {
        await this.#answer(stream, STATUS, (request) => receiver.handleDealStatusRequest(request, { signal }))
      } else if (MK12_DEAL_PROTOCOLS.includes(protocol) && receiver.handleDealParams !== undefined) {
        const handle = receiver.handleDealParams.bind(receiver)
        await this.#answer(stream, MK12_DEAL, (params) => handle(params, from, { signal }))
      } else if (
        protocol === LIBP2P_MK12_STATUS_PROTOCOL &&
        receiver.handleMk12DealStatusRequest !== undefined
      ) {
        const handle = receiver.handleMk12DealStatusRequest.bind(receiver)
        await this.#answer(stream, MK12_STATUS, (request) => handle(request, from, { signal }))
      } else {
        throw new ProtocolNotSupportedError(this.peerId, protocol)
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error))
      // No answer: close (Boost closes the stream on undecodable input and handler failures).
      await closeStream(stream, this.#timeouts.close)
      this.#onInboundFailure?.({ protocol, peer: from, error: failure })
    } finally {
      this.#inbound.delete(stream)
    }
  }

  /** Provider side of one exchange: read the request, let the receiver answer, write the answer, close. */
  async #answer<Req, Res>(
    stream: Stream,
    codecs: ExchangeCodecs<Req, Res>,
    handle: (request: Req) => Promise<Res>,
  ): Promise<void> {
    const signal = this.#handling.signal
    const { value } = await receiveMessage(
      stream,
      codecs.request,
      this.#limit(codecs.request),
      this.#timeouts.providerRead,
      { signal },
    )
    const response = await handle(value)
    await sendMessage(stream, codecs.response, response, this.#timeouts.providerWrite, { signal })
    await closeStream(stream, this.#timeouts.close)
  }
}
