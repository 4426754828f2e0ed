/**
 * The deal network contracts (go-fil-markets `storagemarket/network`), reduced to what the
 * lifecycles use. Every stream carries one request and one response. Implementations: the
 * in-process pair (the embedded default) and libp2p.
 *
 * Two protocol families share these contracts:
 * - `mk/1.1`: go-fil-markets' `/fil/storage/mk/1.1.1` (and older), `/fil/storage/status/1.1.0`:
 *   signed responses, deals keyed by proposal CID, data pushed by the client;
 * - `mk/1.2`: Boost's `/fil/storage/mk/1.2.1` and `1.2.0`, `/fil/storage/status/1.2.0`: unsigned
 *   responses, deals keyed by a client-chosen deal UUID, data pulled by the provider from a URL.
 * Both use `/fil/storage/ask/1.1.0` for the ask. The mk/1.2 members are optional: a network without
 * them speaks mk/1.1 only.
 *
 * @module
 */
import type {
  AskRequest,
  AskResponse,
  DealParams,
  DealResponse,
  DealStatusRequest,
  DealStatusResponse,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
  Proposal,
  SignedResponse,
} from '../market/index.ts'
import type { AbortOptions } from './node.ts'

/** A peer's network identity (libp2p peer id text for real networks). */
export type PeerId = string

/**
 * A family of deal protocols: `mk/1.1` (go-fil-markets, push transfers) or `mk/1.2` (Boost, HTTP
 * pull transfers). Deal records keep the family a deal runs on.
 */
export type DealProtocolFamily = 'mk/1.1' | 'mk/1.2'

/** Every family, newest first: the order in which a client prefers them. */
export const DEAL_PROTOCOL_FAMILIES: readonly DealProtocolFamily[] = ['mk/1.2', 'mk/1.1']

/** A response and the bytes its signature covers (the response re-encoded in the protocol's form). */
export interface Signed<T> {
  readonly value: T
  readonly signedBytes: Uint8Array
}

/** The client's end of a deal stream. */
export interface ClientDealStream {
  /** The provider at the other end. */
  readonly remotePeer: PeerId
  /** Write the proposal (one CBOR item in the negotiated mk/1.1.x form). */
  writeDealProposal(proposal: Proposal, options?: AbortOptions): Promise<void>
  /** Read the provider's signed response, with the bytes its signature covers. */
  readDealResponse(options?: AbortOptions): Promise<Signed<SignedResponse>>
  /** Close the stream. */
  close(): Promise<void>
}

/** The provider's end of a deal stream. */
export interface ProviderDealStream {
  /** The client at the other end. */
  readonly remotePeer: PeerId
  /** Read the client's proposal (mk/1.1.0 proposals are read as the reference does). */
  readDealProposal(options?: AbortOptions): Promise<Proposal>
  /** Write the signed response (one CBOR item in the negotiated form). */
  writeDealResponse(response: SignedResponse, options?: AbortOptions): Promise<void>
  /** Close the stream. */
  close(): Promise<void>
}

/** The client's view of the market network. */
export interface ClientNetwork {
  /** Open a deal stream to a provider. */
  newDealStream(peer: PeerId, options?: AbortOptions): Promise<ClientDealStream>
  /** Ask a provider for its signed ask. */
  queryAsk(peer: PeerId, request: AskRequest, options?: AbortOptions): Promise<Signed<AskResponse>>
  /** Ask a provider for the state of a deal. */
  queryDealStatus(
    peer: PeerId,
    request: DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Signed<DealStatusResponse>>
  /** Protect the connection to `peer` while a deal needs it. */
  tagPeer(peer: PeerId, tag: string): void
  /** Drop the protection added by {@link tagPeer} with the same tag. */
  untagPeer(peer: PeerId, tag: string): void
  /**
   * The deal protocol families `peer` serves, newest first (`['mk/1.2', 'mk/1.1']` for a provider
   * serving both). A libp2p network learns them from the peer's protocol list after identify
   * (`/fil/storage/mk/1.2.1` or `1.2.0` → `mk/1.2`; `/fil/storage/mk/1.1.1`, `1.1.0` or `1.0.1` →
   * `mk/1.1`), connecting first when needed. Resolves with an empty list when the peer serves no
   * deal protocol; rejects only when the peer cannot be reached.
   *
   * Optional: a network without it is taken to reach every provider over `mk/1.1` only.
   */
  dealProtocolFamilies?(peer: PeerId, options?: AbortOptions): Promise<readonly DealProtocolFamily[]>
  /**
   * Propose a deal over Boost's protocol: open one stream offering `/fil/storage/mk/1.2.1` then
   * `/fil/storage/mk/1.2.0` (multistream-select picks the first the provider serves), write
   * `params` as one CBOR item (the 7-key form whichever version was chosen, as Boost's client
   * does), read one DealResponse, close.
   *
   * The provider answers only once it has finished accepting the deal (validation, filters), so
   * the read deadline is long (Boost: 10 s to write, 60 s to read; `options.signal` can end the
   * wait sooner). Rejects, never resolving with a made-up answer, when the stream cannot be opened
   * (after the adapter's retries), the write fails, or the provider closes, resets or answers
   * bytes that do not decode: a provider that cannot decode a request closes the stream without
   * answering, so none of these means the deal was rejected (the caller may query the status by
   * UUID). A rejection is a resolved DealResponse with `Accepted = false` and its `Message`.
   *
   * Optional: present on networks that speak `mk/1.2`.
   */
  proposeMk12Deal?(peer: PeerId, params: DealParams, options?: AbortOptions): Promise<DealResponse>
  /**
   * Ask a provider for a deal's state on `/fil/storage/status/1.2.0`: one stream, one
   * Mk12DealStatusRequest (the deal UUID and the proposal client's signature over the 16 raw UUID
   * bytes), one Mk12DealStatusResponse. The response is not signed. A query the provider refused
   * (unknown UUID, bad signature) resolves with a non-empty `Error` and a null `DealStatus`;
   * transport failures reject as for {@link proposeMk12Deal}.
   *
   * Optional: present on networks that speak `mk/1.2`.
   */
  queryMk12DealStatus?(
    peer: PeerId,
    request: Mk12DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse>
}

/** What a provider serves (go-fil-markets StorageReceiver, plus Boost's mk/1.2 handlers). */
export interface MarketReceiver {
  /** An inbound `/fil/storage/mk/1.1.x` deal stream; the receiver reads, answers and closes it. */
  handleDealStream(stream: ProviderDealStream): Promise<void>
  /** An inbound `/fil/storage/ask/1.1.0` request (both families). */
  handleAskRequest(request: AskRequest, options?: AbortOptions): Promise<AskResponse>
  /** An inbound `/fil/storage/status/1.1.0` request. */
  handleDealStatusRequest(request: DealStatusRequest, options?: AbortOptions): Promise<DealStatusResponse>
  /**
   * An inbound DealParams on `/fil/storage/mk/1.2.1` or `1.2.0` (both decode to the same value;
   * fields a 1.2.0 client leaves out read as false) from the client peer `from`. Resolves with the
   * DealResponse once the provider has accepted or rejected the deal; the network writes it on the
   * stream and closes. Rejects when the provider cannot answer (stopping, internal failure): the
   * network then closes the stream without an answer, as Boost does.
   *
   * The network handles what precedes it: a request that does not decode (bad CBOR, a UUID that
   * is not 16 bytes, a text label that is not UTF-8) is never passed on, the stream is closed.
   * Networks register the mk/1.2 protocols only when the receiver has this method and
   * {@link handleMk12DealStatusRequest}.
   */
  handleDealParams?(params: DealParams, from: PeerId, options?: AbortOptions): Promise<DealResponse>
  /**
   * An inbound `/fil/storage/status/1.2.0` request from `from`. Always resolves with an answer:
   * failed queries (unknown UUID, bad signature) carry Boost's texts in `Error` and a null
   * `DealStatus`. Rejects only when the provider cannot answer at all (the stream is then closed).
   */
  handleMk12DealStatusRequest?(
    request: Mk12DealStatusRequest,
    from: PeerId,
    options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse>
}

/** The provider's view of the market network. */
export interface ProviderNetwork {
  /** This provider's own peer id. */
  readonly peerId: PeerId
  /**
   * Start delivering inbound streams and requests to `receiver`: the mk/1.1 deal and status
   * protocols and the ask always, the mk/1.2 deal and status protocols when the receiver has
   * their handlers.
   */
  setReceiver(receiver: MarketReceiver): void
  /** Stop handling inbound streams and requests. */
  stopHandling(): void
  /** Protect the connection to a deal's client while the deal needs it. */
  tagPeer(peer: PeerId, tag: string): void
  /** Drop the protection added by {@link tagPeer} with the same tag. */
  untagPeer(peer: PeerId, tag: string): void
}
