/**
 * The deal network contracts (go-fil-markets `storagemarket/network`), reduced to what the
 * lifecycles use. Every stream carries one request and one response. Implementations: the
 * in-process pair (the embedded default) and libp2p.
 *
 * @module
 */
import type {
  AskRequest,
  AskResponse,
  DealStatusRequest,
  DealStatusResponse,
  Proposal,
  SignedResponse,
} from '../market/index.ts'
import type { AbortOptions } from './node.ts'

/** A peer's network identity (libp2p peer id text for real networks). */
export type PeerId = string

/** A response and the bytes its signature covers (the response re-encoded in the protocol's form). */
export interface Signed<T> {
  readonly value: T
  readonly signedBytes: Uint8Array
}

/** The client's end of a deal stream. */
export interface ClientDealStream {
  readonly remotePeer: PeerId
  writeDealProposal(proposal: Proposal, options?: AbortOptions): Promise<void>
  readDealResponse(options?: AbortOptions): Promise<Signed<SignedResponse>>
  close(): Promise<void>
}

/** The provider's end of a deal stream. */
export interface ProviderDealStream {
  readonly remotePeer: PeerId
  readDealProposal(options?: AbortOptions): Promise<Proposal>
  writeDealResponse(response: SignedResponse, options?: AbortOptions): Promise<void>
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
  untagPeer(peer: PeerId, tag: string): void
}

/** What a provider serves (go-fil-markets StorageReceiver). */
export interface MarketReceiver {
  handleDealStream(stream: ProviderDealStream): Promise<void>
  handleAskRequest(request: AskRequest, options?: AbortOptions): Promise<AskResponse>
  handleDealStatusRequest(request: DealStatusRequest, options?: AbortOptions): Promise<DealStatusResponse>
}

/** The provider's view of the market network. */
export interface ProviderNetwork {
  /** This provider's own peer id. */
  readonly peerId: PeerId
  /** Start delivering inbound streams and requests to `receiver`. */
  setReceiver(receiver: MarketReceiver): void
  /** Stop handling inbound streams and requests. */
  stopHandling(): void
  tagPeer(peer: PeerId, tag: string): void
  untagPeer(peer: PeerId, tag: string): void
}
