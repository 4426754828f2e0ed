/**
 * Provider deal events (go-fil-markets v1.28.3 `ProviderEvent`), identified by name. As on the
 * client, the numeric codes are for logs and display only.
 *
 * @module
 */

import { UnknownDealEventError } from '../errors.ts'
import { codeTable } from './code-table.ts'

/** Every provider event name, indexed by its v1.28.3 numeric code. */
export const PROVIDER_EVENTS = [
  'ProviderEventOpen', // 0
  'ProviderEventNodeErrored', // 1
  'ProviderEventDealDeciding', // 2
  'ProviderEventDealRejected', // 3
  'ProviderEventRejectionSent', // 4
  'ProviderEventDealAccepted', // 5
  'ProviderEventInsufficientFunds', // 6
  'ProviderEventFundsReserved', // 7
  'ProviderEventFundsReleased', // 8
  'ProviderEventFundingInitiated', // 9
  'ProviderEventFunded', // 10
  'ProviderEventDataTransferFailed', // 11
  'ProviderEventDataRequested', // 12
  'ProviderEventDataTransferInitiated', // 13
  'ProviderEventDataTransferRestarted', // 14
  'ProviderEventDataTransferCompleted', // 15
  'ProviderEventManualDataReceived', // 16
  'ProviderEventDataVerificationFailed', // 17
  'ProviderEventVerifiedData', // 18
  'ProviderEventSendResponseFailed', // 19
  'ProviderEventDealPublishInitiated', // 20
  'ProviderEventDealPublished', // 21
  'ProviderEventDealPublishError', // 22
  'ProviderEventFileStoreErrored', // 23
  'ProviderEventDealHandoffFailed', // 24
  'ProviderEventDealHandedOff', // 25
  'ProviderEventDealPrecommitFailed', // 26
  'ProviderEventDealPrecommitted', // 27
  'ProviderEventDealActivationFailed', // 28
  'ProviderEventDealActivated', // 29
  'ProviderEventPieceStoreErrored', // 30
  'ProviderEventFinalized', // 31
  'ProviderEventDealCompletionFailed', // 32
  'ProviderEventMultistoreErrored', // 33
  'ProviderEventDealExpired', // 34
  'ProviderEventDealSlashed', // 35
  'ProviderEventFailed', // 36
  'ProviderEventTrackFundsFailed', // 37
  'ProviderEventRestart', // 38
  'ProviderEventDataTransferRestartFailed', // 39
  'ProviderEventDataTransferStalled', // 40
  'ProviderEventDataTransferCancelled', // 41
  'ProviderEventAwaitTransferRestartTimeout', // 42
] as const

/** A provider event name, identical to the go-fil-markets v1.28.3 constant. */
export type ProviderEventName = (typeof PROVIDER_EVENTS)[number]

/**
 * Other names accepted for provider events. The reference renamed no provider event in v1.0.4; the
 * only entry is the display name go-fil-markets' own name map (and its diagrams) shows for
 * ProviderEventFinalized, so logs written by Go tools still parse.
 */
export const PROVIDER_EVENT_ALIASES: Readonly<Record<'ProviderEventCleanupFinished', ProviderEventName>> = {
  ProviderEventCleanupFinished: 'ProviderEventFinalized',
}

/** One line per provider event on what it means. */
export const PROVIDER_EVENT_DESCRIPTIONS: Readonly<Record<ProviderEventName, string>> = {
  ProviderEventOpen: 'A received proposal starts its lifecycle.',
  ProviderEventNodeErrored: 'A node call failed.',
  ProviderEventDealDeciding: 'The proposal passed validation; the accept/reject decision runs.',
  ProviderEventDealRejected: 'The proposal is refused.',
  ProviderEventRejectionSent: 'The refusal was sent to the client.',
  ProviderEventDealAccepted: 'Declared but not in the reference event table.',
  ProviderEventInsufficientFunds: 'Declared but not in the reference event table.',
  ProviderEventFundsReserved: 'Collateral was reserved for the deal (record only).',
  ProviderEventFundsReleased: 'Reserved collateral was released (record only).',
  ProviderEventFundingInitiated: 'An add-funds message was sent; its CID is recorded.',
  ProviderEventFunded: 'The collateral is available.',
  ProviderEventDataTransferFailed: 'The data transfer failed.',
  ProviderEventDataRequested: 'The deal was accepted and the data is awaited.',
  ProviderEventDataTransferInitiated: 'The data-transfer channel is open.',
  ProviderEventDataTransferRestarted: 'The data-transfer channel was restarted.',
  ProviderEventDataTransferCompleted: 'All data was received.',
  ProviderEventManualDataReceived: 'Declared but not in the reference event table.',
  ProviderEventDataVerificationFailed: 'The received data does not match the proposal.',
  ProviderEventVerifiedData: 'The data matches the proposed piece commitment.',
  ProviderEventSendResponseFailed: 'The response could not be sent to the client.',
  ProviderEventDealPublishInitiated: 'The publish message was sent; its CID is recorded.',
  ProviderEventDealPublished: 'The publish message landed; the deal ID is recorded.',
  ProviderEventDealPublishError: 'The publish message failed.',
  ProviderEventFileStoreErrored: 'A file-store operation failed.',
  ProviderEventDealHandoffFailed: 'Handing the data to sealing failed.',
  ProviderEventDealHandedOff: 'The data was handed to sealing.',
  ProviderEventDealPrecommitFailed: 'Waiting for the sector pre-commit failed.',
  ProviderEventDealPrecommitted: 'The sector holding the deal was pre-committed.',
  ProviderEventDealActivationFailed: 'Waiting for the deal activation failed.',
  ProviderEventDealActivated: 'The deal is active on chain.',
  ProviderEventPieceStoreErrored: 'The piece could not be registered for retrieval (non-fatal).',
  ProviderEventFinalized: 'Cleanup after sealing is done (Go displays it as ProviderEventCleanupFinished).',
  ProviderEventDealCompletionFailed: 'Waiting for expiry or slashing failed.',
  ProviderEventMultistoreErrored: 'A multistore operation failed (never sent by the reference).',
  ProviderEventDealExpired: 'The deal expired.',
  ProviderEventDealSlashed: 'The deal was slashed.',
  ProviderEventFailed: 'Cleanup after a failure is done.',
  ProviderEventTrackFundsFailed: 'Tracking funds failed (never sent by the reference).',
  ProviderEventRestart: 'The provider restarted; the current step runs again.',
  ProviderEventDataTransferRestartFailed: 'Deprecated; not in the reference event table.',
  ProviderEventDataTransferStalled: 'The client seems unreachable during the transfer.',
  ProviderEventDataTransferCancelled: 'The data transfer was cancelled.',
  ProviderEventAwaitTransferRestartTimeout: 'The client did not resume the transfer in time.',
}

const table = codeTable<ProviderEventName>(
  PROVIDER_EVENTS,
  PROVIDER_EVENT_ALIASES,
  (value) => new UnknownDealEventError('provider', value),
)

/** True when `value` is a current provider event name. */
export function isProviderEventName(value: unknown): value is ProviderEventName {
  return table.is(value)
}

/** The current name for a provider event name or alias. Throws UnknownDealEventError otherwise. */
export function resolveProviderEventName(name: string): ProviderEventName {
  return table.resolve(name)
}

/** The v1.28.3 numeric code of a provider event name or alias. Throws UnknownDealEventError otherwise. */
export function providerEventCode(name: string): number {
  return table.code(name)
}

/** The provider event name for a v1.28.3 numeric code. Throws UnknownDealEventError otherwise. */
export function providerEventName(code: number): ProviderEventName {
  return table.name(code)
}
