/**
 * The client's end of the in-process network.
 *
 * @module
 */

import { AbortError } from '../../errors.ts'
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
import type { ClientDealStream, ClientNetwork, DealProtocolFamily, PeerId, Signed } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import { PeerTags } from './peer-tags.ts'

/** What a client end may ask of its network. Internal: built by InProcessNetwork. */
export interface ClientHubAccess {
  openDealStream(client: PeerId, provider: PeerId, signal: AbortSignal | undefined): Promise<ClientDealStream>
  /** Asks for the provider's signed ask. */
  queryAsk(
    client: PeerId,
    provider: PeerId,
    request: AskRequest,
    signal: AbortSignal | undefined,
  ): Promise<Signed<AskResponse>>
  /** Asks for the provider's signed state of a deal. */
  queryDealStatus(
    client: PeerId,
    provider: PeerId,
    request: DealStatusRequest,
    signal: AbortSignal | undefined,
  ): Promise<Signed<DealStatusResponse>>
  /** The families the provider serves; rejects for a provider not on the network. */
  dealProtocolFamilies(provider: PeerId): readonly DealProtocolFamily[]
  /** Sends DealParams and waits for the DealResponse. */
  proposeMk12Deal(
    client: PeerId,
    provider: PeerId,
    params: DealParams,
    signal: AbortSignal | undefined,
  ): Promise<DealResponse>
  /** Asks for a deal's state on status 1.2.0. */
  queryMk12DealStatus(
    client: PeerId,
    provider: PeerId,
    request: Mk12DealStatusRequest,
    signal: AbortSignal | undefined,
  ): Promise<Mk12DealStatusResponse>
}

/**
 * A client on an in-process network. Obtain it with `InProcessNetwork.client(peer)`. Every call
 * rejects with PeerUnreachableError for a provider not on the network, ProtocolNotSupportedError
 * for one that is not handling requests, MessageTooLargeError, EncodeError / DecodeError for
 * messages that cannot be written or read, StreamResetError when the provider stops or fails
 * mid-request, and AbortError.
 */
export class InProcessClientNetwork implements ClientNetwork {
  readonly #hub: ClientHubAccess
  readonly #tags = new PeerTags()

  /** @internal Use `InProcessNetwork.client`. */
  constructor(
    readonly peerId: PeerId,
    hub: ClientHubAccess,
  ) {
    this.#hub = hub
  }

  /** Opens a deal stream; the provider's receiver gets the other end at once. */
  newDealStream(peer: PeerId, options?: AbortOptions): Promise<ClientDealStream> {
    return this.#hub.openDealStream(this.peerId, peer, options?.signal)
  }

  /** Asks for the provider's signed ask. */
  queryAsk(peer: PeerId, request: AskRequest, options?: AbortOptions): Promise<Signed<AskResponse>> {
    return this.#hub.queryAsk(this.peerId, peer, request, options?.signal)
  }

  /** Asks for the provider's signed state of a deal. */
  queryDealStatus(
    peer: PeerId,
    request: DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Signed<DealStatusResponse>> {
    return this.#hub.queryDealStatus(this.peerId, peer, request, options?.signal)
  }

  /** The deal protocol families `peer` serves now; PeerUnreachableError for a peer not on the network. */
  async dealProtocolFamilies(peer: PeerId, options?: AbortOptions): Promise<readonly DealProtocolFamily[]> {
    if (options?.signal?.aborted) throw new AbortError()
    return this.#hub.dealProtocolFamilies(peer)
  }

  /** Proposes a Boost deal: DealParams out, DealResponse back (resolves once the provider decided). */
  proposeMk12Deal(peer: PeerId, params: DealParams, options?: AbortOptions): Promise<DealResponse> {
    return this.#hub.proposeMk12Deal(this.peerId, peer, params, options?.signal)
  }

  /** Asks for a Boost deal's state by UUID. */
  queryMk12DealStatus(
    peer: PeerId,
    request: Mk12DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse> {
    return this.#hub.queryMk12DealStatus(this.peerId, peer, request, options?.signal)
  }

  /** Records `tag` on `peer`. */
  tagPeer(peer: PeerId, tag: string): void {
    this.#tags.tag(peer, tag)
  }

  /** Removes `tag` from `peer`. */
  untagPeer(peer: PeerId, tag: string): void {
    this.#tags.untag(peer, tag)
  }

  /** The tags this client put on `peer`, in the order added. */
  tags(peer: PeerId): string[] {
    return this.#tags.of(peer)
  }
}
