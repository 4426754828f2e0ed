/**
 * Client deal events (go-fil-markets v1.28.3 `ClientEvent`), as a discriminated union on `type`.
 * The type strings are the Go names; the payloads carry the Go positional arguments under
 * descriptive names. Errors travel as their text, since events are persisted nowhere but are handed
 * to subscribers, which may serialise them.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type {
  ChainEpoch,
  ChannelID,
  ClientEventName,
  DealID,
  SectorNumber,
  StorageDealStatus,
  TokenAmount,
} from '../market/index.ts'

/** Every client event. One line per event says what it means. */
export type ClientEvent =
  /** A new deal starts: sent by proposeStorageDeal right after the record is created. */
  | { readonly type: 'ClientEventOpen' }
  /** Reserving funds, or waiting for the add-funds message, failed. */
  | { readonly type: 'ClientEventReserveFundsFailed'; readonly error: string }
  /** An add-funds message was sent to top up escrow; `message` is its CID. */
  | { readonly type: 'ClientEventFundingInitiated'; readonly message: CID }
  /** `amount` was reserved for the deal (record only). */
  | { readonly type: 'ClientEventFundsReserved'; readonly amount: TokenAmount }
  /** `amount` of the reservation was released (record only). */
  | { readonly type: 'ClientEventFundsReleased'; readonly amount: TokenAmount }
  /** The reserved funds are available in escrow. */
  | { readonly type: 'ClientEventFundingComplete' }
  /** The proposal could not be sent to the provider. */
  | { readonly type: 'ClientEventWriteProposalFailed'; readonly error: string }
  /** The provider waits for the data: the transfer starts. */
  | { readonly type: 'ClientEventInitiateDataTransfer' }
  /** The transfer channel started moving data. */
  | { readonly type: 'ClientEventDataTransferInitiated'; readonly channel: ChannelID }
  /** The transfer channel was restarted. */
  | { readonly type: 'ClientEventDataTransferRestarted'; readonly channel: ChannelID }
  /** All data reached the provider, or the transfer is manual. */
  | { readonly type: 'ClientEventDataTransferComplete' }
  /** The provider has not accepted yet; poll again. `pollError` says the query itself failed. */
  | {
      readonly type: 'ClientEventWaitForDealState'
      readonly pollError: boolean
      readonly providerState: StorageDealStatus
    }
  /** The data transfer failed. */
  | { readonly type: 'ClientEventDataTransferFailed'; readonly error: string }
  /** The data transfer could not be restarted. */
  | { readonly type: 'ClientEventDataTransferRestartFailed'; readonly error: string }
  /** The provider's answer to the proposal could not be read. */
  | { readonly type: 'ClientEventReadResponseFailed'; readonly error: string }
  /** The provider's answer to the proposal is not signed by its worker. */
  | { readonly type: 'ClientEventResponseVerificationFailed' }
  /** The provider answered about another proposal than this deal's (`responseCid` null: about none). */
  | {
      readonly type: 'ClientEventResponseDealDidNotMatch'
      readonly responseCid: CID | null
      readonly proposalCid: CID
    }
  /** The provider answered the proposal with a status other than WaitingForData. */
  | {
      readonly type: 'ClientEventUnexpectedDealState'
      readonly status: StorageDealStatus
      readonly providerMessage: string
    }
  /** Closing the deal stream after the provider's answer failed. */
  | { readonly type: 'ClientEventStreamCloseError'; readonly error: string }
  /** The provider failed the deal, or it was not accepted in time. `state` is the provider's. */
  | { readonly type: 'ClientEventDealRejected'; readonly state: StorageDealStatus; readonly reason: string }
  /** The provider reports the deal published; `publishMessage` is its publish message, if known. */
  | { readonly type: 'ClientEventDealAccepted'; readonly publishMessage: CID | null }
  /** The published deal could not be confirmed on chain. */
  | { readonly type: 'ClientEventDealPublishFailed'; readonly error: string }
  /** The deal is on chain under `dealId`. */
  | { readonly type: 'ClientEventDealPublished'; readonly dealId: DealID }
  /** Waiting for the sector pre-commit failed. */
  | { readonly type: 'ClientEventDealPrecommitFailed'; readonly error: string }
  /** The sector holding the deal was pre-committed. */
  | { readonly type: 'ClientEventDealPrecommitted'; readonly sectorNumber: SectorNumber }
  /** Waiting for the deal's activation failed. */
  | { readonly type: 'ClientEventDealActivationFailed'; readonly error: string }
  /** The deal is active on chain. */
  | { readonly type: 'ClientEventDealActivated' }
  /** Waiting for the deal to expire or be slashed failed. */
  | { readonly type: 'ClientEventDealCompletionFailed'; readonly error: string }
  /** The deal reached its end epoch. */
  | { readonly type: 'ClientEventDealExpired' }
  /** The deal was slashed at `slashEpoch`. */
  | { readonly type: 'ClientEventDealSlashed'; readonly slashEpoch: ChainEpoch }
  /** Cleanup after a failure is done. */
  | { readonly type: 'ClientEventFailed' }
  /** The client restarted: the current step runs again. */
  | { readonly type: 'ClientEventRestart' }
  /** The provider became unreachable during the transfer; `error` is the transfer's reason, if any. */
  | { readonly type: 'ClientEventDataTransferStalled'; readonly error?: string }
  /** The data transfer was cancelled. */
  | { readonly type: 'ClientEventDataTransferCancelled' }
  /** The provider queued its request for the data on `channel`. */
  | { readonly type: 'ClientEventDataTransferQueued'; readonly channel: ChannelID }

/** The type string of a client event (a go-fil-markets v1.28.3 `ClientEvent` name). */
export type ClientEventType = ClientEvent['type']

/** The client event of one type. */
export type ClientEventOf<T extends ClientEventType> = Extract<ClientEvent, { type: T }>

// Compile-time check that the union names exactly the events the market module lists.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const unionMatchesNames: Same<ClientEventType, ClientEventName> = true
void unionMatchesNames

/**
 * Former name of ClientEventReserveFundsFailed (code 1), used before go-fil-markets v1.0.4.
 * Resolve it with `resolveClientEventName` from the market module.
 */
export const ClientEventEnsureFundsFailed = 'ClientEventEnsureFundsFailed' as const

/**
 * Former name of ClientEventFundingComplete (code 5), used before go-fil-markets v1.0.4.
 * Resolve it with `resolveClientEventName` from the market module.
 */
export const ClientEventFundsEnsured = 'ClientEventFundsEnsured' as const
