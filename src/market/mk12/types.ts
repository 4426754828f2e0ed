/**
 * Messages of Boost's deal protocols `/fil/storage/mk/1.2.1`, `/fil/storage/mk/1.2.0` and
 * `/fil/storage/status/1.2.0` (boost `storagemarket/types`, `transport/types`). Each stream carries
 * one request and one response, each a single map-encoded CBOR item. Deal and status responses are
 * not signed; the ask protocol `/fil/storage/ask/1.1.0` uses the go-fil-markets ask types
 * ({@link AskRequest}, {@link AskResponse}) unchanged.
 *
 * Property names are the Go field names, which are also the wire keys.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { ClientDealProposal, DealProposal } from '../deal-proposal.ts'
import type { DealID } from '../epoch.ts'
import type { AskRequest, AskResponse } from '../messages.ts'
import type { Signature } from '../signature.ts'
import type { DealUUID } from './uuid.ts'

/** The preferred Boost deal protocol (7-key DealParams). */
export const MK121_DEAL_PROTOCOL_ID = '/fil/storage/mk/1.2.1'

/** The older Boost deal protocol; a pure 1.2.0 client sends the 5-key DealParams. */
export const MK120_DEAL_PROTOCOL_ID = '/fil/storage/mk/1.2.0'

/** Boost deal protocols in the order a client offers them (newest first). */
export const MK12_DEAL_PROTOCOL_IDS: readonly [string, string] = [
  MK121_DEAL_PROTOCOL_ID,
  MK120_DEAL_PROTOCOL_ID,
]

/** The only status protocol Boost serves. */
export const MK12_DEAL_STATUS_PROTOCOL_ID = '/fil/storage/status/1.2.0'

/** Transfer type of an HTTP pull (`http://` or `https://` URL in the params). */
export const TRANSFER_TYPE_HTTP = 'http'

/** Transfer type of an HTTP pull over a libp2p stream (`libp2p://` URL in the params). */
export const TRANSFER_TYPE_LIBP2P = 'libp2p'

/** Protocol of HTTP over a libp2p stream, for `libp2p://` transfer URLs. */
export const LIBP2P_TRANSFER_PROTOCOL_ID = '/fil/storage/transfer/1.0.0'

/**
 * How the provider gets the deal data (Boost `types.Transfer`). The zero value (all empty) is what an
 * offline deal carries.
 */
export interface Transfer {
  /** `"http"` or `"libp2p"` for online deals; `""` for offline deals. */
  readonly Type: string
  /** Optional client-chosen identifier; the provider only logs it. */
  readonly ClientID: string
  /**
   * The UTF-8 JSON of an {@link HttpRequest} (see `encodeHttpRequest`); empty for offline deals. An
   * empty byte string and an absent one are the same value (Go nil slice).
   */
  readonly Params: Uint8Array
  /** Exact byte length of the file (the CAR) the provider downloads; 0 for offline deals. */
  readonly Size: number
}

/**
 * The JSON held in {@link Transfer.Params} (Boost `transport/types.HttpRequest`): keys `URL` and
 * `Headers` exactly.
 */
export interface HttpRequest {
  /** `http://…`, `https://…`, or `libp2p://<multiaddr with /p2p/<peer id>>`. */
  readonly URL: string
  /** Headers set (one value per name) on every HEAD and GET; null when there are none (Go nil map). */
  readonly Headers: Readonly<Record<string, string>> | null
}

/**
 * A Boost deal proposal (request on mk/1.2.1 and mk/1.2.0). Wire: a map of 7, keys in the order
 * DealUUID, Transfer, IsOffline, DealDataRoot, SkipIPNIAnnounce, ClientDealProposal, RemoveUnsealedCopy.
 */
export interface DealParams {
  /** Client-generated identity of the deal; must be unique at the provider. */
  readonly DealUUID: DealUUID
  /** True when the SP operator will import the data; there is then no transfer. */
  readonly IsOffline: boolean
  /** The signed proposal (11-element tuple and signature). */
  readonly ClientDealProposal: ClientDealProposal
  /** Payload (DAG) root CID; required even for offline deals. */
  readonly DealDataRoot: CID
  /** Where the provider downloads the data from (the zero value for offline deals). */
  readonly Transfer: Transfer
  /** 1.2.1 only: true = do not keep an unsealed copy. A 1.2.0-only provider ignores it. */
  readonly RemoveUnsealedCopy: boolean
  /** 1.2.1 only: true = do not announce to the network indexer. A 1.2.0-only provider ignores it. */
  readonly SkipIPNIAnnounce: boolean
}

/**
 * What a pure 1.2.0 client sends (Boost `DealParamsV120`): a map of 5 without the two 1.2.1 flags.
 * A provider reading it sees both flags as false.
 */
export type DealParamsV120 = Omit<DealParams, 'RemoveUnsealedCopy' | 'SkipIPNIAnnounce'>

/** The provider's answer to {@link DealParams}; not signed. Wire: map of 2, keys Message, Accepted. */
export interface DealResponse {
  /** True when the provider stored the deal and will execute it. */
  readonly Accepted: boolean
  /** Empty when accepted; otherwise the rejection reason. */
  readonly Message: string
}

/**
 * Client → provider on `/fil/storage/status/1.2.0`: ask for a deal's state by UUID.
 * Wire: map of 2, keys DealUUID, Signature.
 */
export interface Mk12DealStatusRequest {
  /** The deal to query. */
  readonly DealUUID: DealUUID
  /** The proposal client's signature over the 16 raw UUID bytes (not CBOR, not text). */
  readonly Signature: Signature
}

/**
 * Boost's named deal checkpoints, in execution order. A successful deal ends at
 * `IndexedAndAnnounced`; `Complete` is reached only on failure.
 */
export const DEAL_CHECKPOINTS = [
  'Accepted',
  'Transferred',
  'Published',
  'PublishConfirmed',
  'AddedPiece',
  'IndexedAndAnnounced',
  'Complete',
] as const

/** One of {@link DEAL_CHECKPOINTS}. */
export type DealCheckpoint = (typeof DEAL_CHECKPOINTS)[number]

/** True when `name` is one of Boost's checkpoint names. */
export function isDealCheckpoint(name: string): name is DealCheckpoint {
  return (DEAL_CHECKPOINTS as readonly string[]).includes(name)
}

/** Position of a checkpoint in Boost's order (Accepted = 0 … Complete = 6). */
export function dealCheckpointIndex(name: DealCheckpoint): number {
  return DEAL_CHECKPOINTS.indexOf(name)
}

/**
 * The provider's state of one deal (Boost `DealStatus`). Wire: map of 7, keys in the order Error,
 * Status, Proposal, PublishCid, ChainDealID, SealingStatus, SignedProposalCid.
 */
export interface Mk12DealStatus {
  /** The deal's error text: non-empty when it failed (Status `Complete`) or is paused. */
  readonly Error: string
  /**
   * Checkpoint name ({@link DEAL_CHECKPOINTS}). Kept as a string: a provider may send a name this
   * library does not know; check it with {@link isDealCheckpoint}.
   */
  readonly Status: string
  /** Sealing state of the deal's sector (`WaitDeals`, `Proving`, …) or `deal not found`. */
  readonly SealingStatus: string
  /** The proposal as the provider received it. */
  readonly Proposal: DealProposal
  /** CID of the signed proposal (sha2-256, dag-cbor; the go-fil-markets proposal CID). */
  readonly SignedProposalCid: CID
  /** Publish message CID once Published (the executed CID after PublishConfirmed), else null. */
  readonly PublishCid: CID | null
  /** On-chain deal ID; 0 until PublishConfirmed. */
  readonly ChainDealID: DealID
}

/**
 * Provider → client on `/fil/storage/status/1.2.0`; not signed. Wire: map of 6, keys in the order
 * Error, DealUUID, IsOffline, DealStatus, TransferSize, NBytesReceived.
 */
export interface Mk12DealStatusResponse {
  /** Echo of the request's UUID. */
  readonly DealUUID: DealUUID
  /** Non-empty when the query failed (unknown deal, bad signature, provider error); DealStatus is then null. */
  readonly Error: string
  /** The deal's state, or null when the query failed. */
  readonly DealStatus: Mk12DealStatus | null
  /** Whether the deal is offline. */
  readonly IsOffline: boolean
  /** `Transfer.Size` of the deal (0 for offline deals). */
  readonly TransferSize: number
  /** Bytes downloaded so far, only while a transfer runs (0 before and after). */
  readonly NBytesReceived: number
}

/** Ask request on `/fil/storage/ask/1.1.0` with Boost: the go-fil-markets type, unchanged. */
export type Mk12AskRequest = AskRequest

/** Ask response on `/fil/storage/ask/1.1.0` with Boost: the go-fil-markets type, unchanged. */
export type Mk12AskResponse = AskResponse
