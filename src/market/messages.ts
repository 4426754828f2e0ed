/**
 * Messages of the go-fil-markets network protocols: deal `/fil/storage/mk/1.1.1`, ask
 * `/fil/storage/ask/1.1.0` and status `/fil/storage/status/1.1.0`. Each stream carries one
 * request and one response, each a single CBOR item.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { Address } from './address.ts'
import type { SignedStorageAsk } from './ask.ts'
import type { DataRef } from './data-ref.ts'
import type { ClientDealProposal } from './deal-proposal.ts'
import type { ProviderDealState } from './provider-deal-state.ts'
import type { Signature } from './signature.ts'
import type { StorageDealStatus } from './status.ts'

/** Deal protocol ID this module's encodings implement. */
export const DEAL_PROTOCOL_ID = '/fil/storage/mk/1.1.1'

/** Ask protocol ID this module's encodings implement. */
export const ASK_PROTOCOL_ID = '/fil/storage/ask/1.1.0'

/** Deal-status protocol ID this module's encodings implement. */
export const DEAL_STATUS_PROTOCOL_ID = '/fil/storage/status/1.1.0'

/** Client → provider: a signed proposal and where its data comes from. */
export interface Proposal {
  /** The signed proposal, or null (the provider then drops the stream). */
  readonly DealProposal: ClientDealProposal | null
  /** The payload reference, or null (the provider then drops the stream). */
  readonly Piece: DataRef | null
  /** Whether to keep an unsealed copy for fast retrieval. */
  readonly FastRetrieval: boolean
}

/** Provider → client: the provider's answer to a proposal. */
export interface Response {
  /** StorageDealWaitingForData when accepted, StorageDealFailing when rejected. */
  readonly State: StorageDealStatus
  /** Rejection reason, or ''. */
  readonly Message: string
  /** CID of the proposal this answers. */
  readonly Proposal: CID
  /** Publish message CID; the reference provider never sets it. */
  readonly PublishMessage: CID | null
}

/** A response with the provider worker's signature over `encodeResponse(Response)`. */
export interface SignedResponse {
  /** The response. */
  readonly Response: Response
  /** Worker signature, or null. */
  readonly Signature: Signature | null
}

/** Client → provider: ask for the storage ask of `Miner`. */
export interface AskRequest {
  /** The miner actor whose ask is wanted. */
  readonly Miner: Address
}

/** Provider → client: the signed ask, or null when the provider has none for that miner. */
export interface AskResponse {
  /** The signed ask, or null. */
  readonly Ask: SignedStorageAsk | null
}

/** Client → provider: ask for the provider's state of a deal. */
export interface DealStatusRequest {
  /** Proposal CID of the deal. */
  readonly Proposal: CID
  /** The proposal client's signature over the CBOR of the proposal CID alone. */
  readonly Signature: Signature
}

/** Provider → client: the provider's state of a deal. */
export interface DealStatusResponse {
  /** The deal state (State StorageDealError with a message when the query failed). */
  readonly DealState: ProviderDealState
  /** Worker signature over `encodeProviderDealState(DealState)`. */
  readonly Signature: Signature
}
