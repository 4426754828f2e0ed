/**
 * Provider deal events (go-fil-markets v1.28.3 `ProviderEvent`), as a discriminated union on
 * `type`. The type strings are the Go constant names; Go's positional arguments become named
 * payload fields. Errors travel as their message text, because events are handed to subscribers
 * and their text is what ends up in the deal's Message.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type {
  ChainEpoch,
  ChannelID,
  DealID,
  ProviderEventName,
  SectorNumber,
  TokenAmount,
} from '../market/index.ts'

/** An event that carries the text of a failure. */
interface Failure<T extends string> {
  readonly type: T
  /** What went wrong, as text. */
  readonly error: string
}

/** Every event the provider machine takes. */
export type ProviderEvent =
  | { readonly type: 'ProviderEventOpen' }
  | Failure<'ProviderEventNodeErrored'>
  | { readonly type: 'ProviderEventDealDeciding' }
  | Failure<'ProviderEventDealRejected'>
  | { readonly type: 'ProviderEventRejectionSent' }
  | Failure<'ProviderEventInsufficientFunds'>
  | { readonly type: 'ProviderEventFundsReserved'; readonly amount: TokenAmount }
  | { readonly type: 'ProviderEventFundsReleased'; readonly amount: TokenAmount }
  | { readonly type: 'ProviderEventFundingInitiated'; readonly addFundsCid: CID }
  | { readonly type: 'ProviderEventFunded' }
  | Failure<'ProviderEventDataTransferFailed'>
  | { readonly type: 'ProviderEventDataRequested' }
  | { readonly type: 'ProviderEventDataTransferInitiated'; readonly channelId: ChannelID }
  | { readonly type: 'ProviderEventDataTransferRestarted'; readonly channelId: ChannelID }
  | { readonly type: 'ProviderEventDataTransferCompleted' }
  | (Failure<'ProviderEventDataVerificationFailed'> & {
      readonly piecePath: string
      readonly metadataPath: string
    })
  | { readonly type: 'ProviderEventVerifiedData'; readonly piecePath: string; readonly metadataPath: string }
  | Failure<'ProviderEventSendResponseFailed'>
  | { readonly type: 'ProviderEventDealPublishInitiated'; readonly publishCid: CID }
  | { readonly type: 'ProviderEventDealPublished'; readonly dealId: DealID; readonly finalCid: CID }
  | Failure<'ProviderEventDealPublishError'>
  | Failure<'ProviderEventFileStoreErrored'>
  | Failure<'ProviderEventDealHandoffFailed'>
  | { readonly type: 'ProviderEventDealHandedOff' }
  | Failure<'ProviderEventDealPrecommitFailed'>
  | { readonly type: 'ProviderEventDealPrecommitted'; readonly sectorNumber: SectorNumber }
  | Failure<'ProviderEventDealActivationFailed'>
  | { readonly type: 'ProviderEventDealActivated' }
  | Failure<'ProviderEventPieceStoreErrored'>
  | { readonly type: 'ProviderEventFinalized' }
  | Failure<'ProviderEventDealCompletionFailed'>
  | { readonly type: 'ProviderEventDealExpired' }
  | { readonly type: 'ProviderEventDealSlashed'; readonly slashEpoch: ChainEpoch }
  | { readonly type: 'ProviderEventFailed' }
  | { readonly type: 'ProviderEventRestart' }
  | { readonly type: 'ProviderEventDataTransferStalled' }
  | { readonly type: 'ProviderEventDataTransferCancelled' }
  | { readonly type: 'ProviderEventAwaitTransferRestartTimeout' }
  | {
      readonly type: 'ProviderEventDataDeadlinePassed'
      /** The proposal's StartEpoch. */
      readonly startEpoch: ChainEpoch
      /** The chain head's epoch when the deadline was found passed. */
      readonly headEpoch: ChainEpoch
    }

/** The `type` of a provider event. */
export type ProviderEventType = ProviderEvent['type']

/** The provider event of a given type. */
export type ProviderEventOf<T extends ProviderEventType> = Extract<ProviderEvent, { type: T }>

/**
 * Events this machine takes that go-fil-markets v1.28.3 does not declare, in the order the table
 * lists them (after the reference events). They have no numeric code.
 */
export const PROVIDER_EVENTS_BEYOND_REFERENCE = [
  'ProviderEventDataDeadlinePassed',
] as const satisfies readonly ProviderEventType[]

/**
 * Events go-fil-markets v1.28.3 declares that this machine does not take, and why. Sending one is
 * refused with InvalidTransitionError, as the reference refuses them with "unknown event".
 */
export const PROVIDER_EVENTS_WITHOUT_TRANSITIONS: Readonly<Partial<Record<ProviderEventName, string>>> = {
  ProviderEventDealAccepted: 'declared but absent from the reference event table',
  ProviderEventManualDataReceived: 'declared but absent from the reference event table',
  ProviderEventDataTransferRestartFailed: 'deprecated and absent from the reference event table',
  ProviderEventMultistoreErrored: 'the reference has no producer; the multistore no longer exists',
  ProviderEventTrackFundsFailed: 'the reference has no producer; reservation failures are NodeErrored',
}

/**
 * Provider event names of older go-fil-markets releases and tools. The reference renamed no provider
 * event when the funding steps were renamed in v1.0.4; the only alias is the name Go's own event
 * name map shows for ProviderEventFinalized.
 */
export const PROVIDER_EVENT_TYPE_ALIASES: Readonly<Record<string, ProviderEventType>> = {
  ProviderEventCleanupFinished: 'ProviderEventFinalized',
}
