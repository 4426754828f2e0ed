/**
 * The in-process network, the embedded default: any number of clients and providers in one
 * process, exchanging the real CBOR messages of the market protocols, with a per-message size
 * limit and test hooks to observe, drop or corrupt messages.
 *
 * @module
 */
import {
  AbortError,
  PeerUnreachableError,
  ProtocolNotSupportedError,
  StreamResetError,
} from '../../errors.ts'
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../market/index.ts'
import { ASK, type ExchangeCodecs, MK12_DEAL, MK12_STATUS, STATUS } from '../../market/protocol-codecs.ts'
import type { ClientDealStream, MarketReceiver, PeerId, Signed } from '../network.ts'
import { type ClientHubAccess, InProcessClientNetwork } from './client-end.ts'
import { type Carry, openDealStreamPair } from './deal-stream.ts'
import { exchange } from './exchange.ts'
import { corrupt, FaultRules, type MessageFault } from './faults.ts'
import { InProcessProviderNetwork } from './provider-end.ts'
import type { Delivery } from './slot.ts'
import { PROTOCOL_IDS, type WireMessage, type WireOutcome, type WireProtocol } from './wire.ts'

/** Options of {@link InProcessNetwork}. */
export interface InProcessNetworkInit {
  /**
   * Largest encoded message, in bytes; larger ones are refused by the writer and by the reader.
   * @default 65536
   */
  readonly maxMessageBytes?: number
}

/** Observes every message sent on the network. */
export type WireObserver = (message: WireMessage) => void

/**
 * Connects {@link InProcessClientNetwork} and {@link InProcessProviderNetwork} ends in one process.
 *
 * @example
 * const net = new InProcessNetwork()
 * net.provider('provider-peer').setReceiver(receiver)
 * const { value, signedBytes } = await net.client('client-peer').queryAsk('provider-peer', { Miner })
 */
export class InProcessNetwork {
  readonly #clients = new Map<PeerId, InProcessClientNetwork>()
  readonly #providers = new Map<PeerId, InProcessProviderNetwork>()
  readonly #faults = new FaultRules()
  readonly #observers = new Set<WireObserver>()
  readonly #maxBytes: number
  readonly #access: ClientHubAccess

  constructor(init: InProcessNetworkInit = {}) {
    this.#maxBytes = init.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
    this.#access = {
      openDealStream: async (client, provider, signal) => this.#openDealStream(client, provider, signal),
      queryAsk: (client, provider, request, signal) =>
        this.#exchange('ask', ASK, client, provider, request, signal, (receiver, r, s) =>
          receiver.handleAskRequest(r, { signal: s }),
        ),
      queryDealStatus: (client, provider, request, signal) =>
        this.#exchange('status', STATUS, client, provider, request, signal, (receiver, r, s) =>
          receiver.handleDealStatusRequest(r, { signal: s }),
        ),
      dealProtocolFamilies: (provider) => {
        const end = this.#providers.get(provider)
        if (end === undefined) throw new PeerUnreachableError(provider)
        return end.families
      },
      proposeMk12Deal: async (client, provider, params, signal) =>
        (
          await this.#exchange('mk12-deal', MK12_DEAL, client, provider, params, signal, (receiver, r, s) =>
            handlerOf(receiver.handleDealParams?.bind(receiver), provider, 'mk12-deal')(r, client, {
              signal: s,
            }),
          )
        ).value,
      queryMk12DealStatus: async (client, provider, request, signal) =>
        (
          await this.#exchange(
            'mk12-status',
            MK12_STATUS,
            client,
            provider,
            request,
            signal,
            (receiver, r, s) =>
              handlerOf(receiver.handleMk12DealStatusRequest?.bind(receiver), provider, 'mk12-status')(
                r,
                client,
                {
                  signal: s,
                },
              ),
          )
        ).value,
    }
  }

  /** The client end of `peer`; the same object on every call. */
  client(peer: PeerId): InProcessClientNetwork {
    let end = this.#clients.get(peer)
    if (end === undefined) {
      end = new InProcessClientNetwork(peer, this.#access)
      this.#clients.set(peer, end)
    }
    return end
  }

  /** The provider end of `peer`; the same object on every call, so a restarted provider finds it again. */
  provider(peer: PeerId): InProcessProviderNetwork {
    let end = this.#providers.get(peer)
    if (end === undefined) {
      end = new InProcessProviderNetwork(
        peer,
        () => new StreamResetError(`provider ${peer} stopped handling requests`),
      )
      this.#providers.set(peer, end)
    }
    return end
  }

  /** Arms a fault for the next matching messages; the returned function disarms it. */
  injectFault(fault: MessageFault): () => void {
    return this.#faults.add(fault)
  }

  /** Calls `observer` for every message sent; the returned function stops it. */
  observe(observer: WireObserver): () => void {
    this.#observers.add(observer)
    return () => {
      this.#observers.delete(observer)
    }
  }

  /** The provider and its receiver, or the typed reason it cannot take `protocol` now. */
  #reach(provider: PeerId, protocol: WireProtocol): [InProcessProviderNetwork, MarketReceiver] {
    const end = this.#providers.get(provider)
    if (end === undefined) throw new PeerUnreachableError(provider)
    const receiver = end.receiver
    if (receiver === undefined) throw new ProtocolNotSupportedError(provider, PROTOCOL_IDS[protocol])
    const family =
      protocol === 'deal' || protocol === 'status' ? 'mk/1.1' : protocol === 'ask' ? undefined : 'mk/1.2'
    if (family !== undefined && !end.families.includes(family))
      throw new ProtocolNotSupportedError(provider, PROTOCOL_IDS[protocol])
    return [end, receiver]
  }

  #carrier(protocol: WireProtocol, client: PeerId, provider: PeerId): Carry {
    return (direction, bytes) => {
      const [from, to] = direction === 'request' ? [client, provider] : [provider, client]
      const fault = this.#faults.take({ protocol, direction, provider })
      let delivery: Delivery = { kind: 'delivered', bytes }
      let outcome: WireOutcome = 'delivered'
      if (fault?.action === 'drop' || fault?.action === 'stall') {
        delivery = { kind: fault.action === 'drop' ? 'dropped' : 'stalled' }
        outcome = delivery.kind
      } else if (fault?.action === 'corrupt') {
        delivery = { kind: 'delivered', bytes: corrupt(fault, bytes) }
        outcome = 'corrupted'
      }
      const message: WireMessage = { protocol, direction, from, to, bytes, outcome }
      for (const observer of [...this.#observers]) observer(message)
      return delivery
    }
  }

  #openDealStream(client: PeerId, provider: PeerId, signal: AbortSignal | undefined): ClientDealStream {
    if (signal?.aborted) throw new AbortError()
    const [end, receiver] = this.#reach(provider, 'deal')
    let untrack = (): void => undefined
    const pair = openDealStreamPair(
      client,
      provider,
      this.#carrier('deal', client, provider),
      this.#maxBytes,
      () => untrack(),
    )
    untrack = end.track((error) => pair.reset(error))
    // As with a libp2p handler, a failing handler resets the stream: the client sees the reset.
    const handling = (async () => receiver.handleDealStream(pair.provider))()
    handling.catch((error: unknown) => {
      pair.reset(new StreamResetError('the provider failed to handle the deal stream', { cause: error }))
      untrack()
    })
    return pair.client
  }

  async #exchange<Request, Response>(
    protocol: WireProtocol,
    codecs: ExchangeCodecs<Request, Response>,
    client: PeerId,
    provider: PeerId,
    request: Request,
    signal: AbortSignal | undefined,
    handle: (receiver: MarketReceiver, request: Request, signal: AbortSignal) => Promise<Response>,
  ): Promise<Signed<Response>> {
    if (signal?.aborted) throw new AbortError()
    const [end, receiver] = this.#reach(provider, protocol)
    const carry = this.#carrier(protocol, client, provider)
    const context = { codecs, provider: end, carry, maxBytes: this.#maxBytes }
    return exchange({ ...context, handle: (r, s) => handle(receiver, r, s) }, request, signal)
  }
}

/** A receiver's optional mk/1.2 handler (bound to it), or ProtocolNotSupportedError when it has none. */
function handlerOf<Args extends unknown[], Result>(
  handler: ((...args: Args) => Promise<Result>) | undefined,
  provider: PeerId,
  protocol: WireProtocol,
): (...args: Args) => Promise<Result> {
  if (handler === undefined) throw new ProtocolNotSupportedError(provider, PROTOCOL_IDS[protocol])
  return handler
}
