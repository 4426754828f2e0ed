/**
 * Client deal events (go-fil-markets v1.28.3 `ClientEvent`), identified by name. The numeric codes
 * changed between releases (v1.0.7 inserted two events in the middle) and are never persisted or
 * sent, so they serve only logs and display.
 *
 * @module
 */

import { UnknownDealEventError } from '../errors.ts'
import { codeTable } from './code-table.ts'

/** Every client event name, indexed by its v1.28.3 numeric code. */
export const CLIENT_EVENTS = [
  'ClientEventOpen', // 0
  'ClientEventReserveFundsFailed', // 1
  'ClientEventFundingInitiated', // 2
  'ClientEventFundsReserved', // 3
  'ClientEventFundsReleased', // 4
  'ClientEventFundingComplete', // 5
  'ClientEventWriteProposalFailed', // 6
  'ClientEventInitiateDataTransfer', // 7
  'ClientEventDataTransferInitiated', // 8
  'ClientEventDataTransferRestarted', // 9
  'ClientEventDataTransferComplete', // 10
  'ClientEventWaitForDealState', // 11
  'ClientEventDataTransferFailed', // 12
  'ClientEventDataTransferRestartFailed', // 13
  'ClientEventReadResponseFailed', // 14
  'ClientEventResponseVerificationFailed', // 15
  'ClientEventResponseDealDidNotMatch', // 16
  'ClientEventUnexpectedDealState', // 17
  'ClientEventStreamCloseError', // 18
  'ClientEventDealRejected', // 19
  'ClientEventDealAccepted', // 20
  'ClientEventDealPublishFailed', // 21
  'ClientEventDealPublished', // 22
  'ClientEventDealPrecommitFailed', // 23
  'ClientEventDealPrecommitted', // 24
  'ClientEventDealActivationFailed', // 25
  'ClientEventDealActivated', // 26
  'ClientEventDealCompletionFailed', // 27
  'ClientEventDealExpired', // 28
  'ClientEventDealSlashed', // 29
  'ClientEventFailed', // 30
  'ClientEventRestart', // 31
  'ClientEventDataTransferStalled', // 32
  'ClientEventDataTransferCancelled', // 33
  'ClientEventDataTransferQueued', // 34
] as const

/** A client event name, identical to the go-fil-markets v1.28.3 constant. */
export type ClientEventName = (typeof CLIENT_EVENTS)[number]

/** A client event name used before go-fil-markets v1.0.4. */
export type LegacyClientEventName = 'ClientEventEnsureFundsFailed' | 'ClientEventFundsEnsured'

/** Pre-v1.0.4 client event names, mapped to the current name with the same code. */
export const LEGACY_CLIENT_EVENTS: Readonly<Record<LegacyClientEventName, ClientEventName>> = {
  ClientEventEnsureFundsFailed: 'ClientEventReserveFundsFailed',
  ClientEventFundsEnsured: 'ClientEventFundingComplete',
}

/** One line per client event on what it means. */
export const CLIENT_EVENT_DESCRIPTIONS: Readonly<Record<ClientEventName, string>> = {
  ClientEventOpen: 'A new deal record starts its lifecycle.',
  ClientEventReserveFundsFailed: 'Reserving or adding market funds failed.',
  ClientEventFundingInitiated: 'An add-funds message was sent; its CID is recorded.',
  ClientEventFundsReserved: 'Funds were reserved for the deal (record only).',
  ClientEventFundsReleased: 'Reserved funds were released (record only).',
  ClientEventFundingComplete: 'The reserved funds are available.',
  ClientEventWriteProposalFailed: 'The proposal could not be sent to the provider.',
  ClientEventInitiateDataTransfer: 'The provider is waiting for data; the transfer starts.',
  ClientEventDataTransferInitiated: 'The data-transfer channel is open.',
  ClientEventDataTransferRestarted: 'The data-transfer channel was restarted.',
  ClientEventDataTransferComplete: 'All data reached the provider (or the transfer is manual).',
  ClientEventWaitForDealState: 'The provider has not accepted yet; poll again.',
  ClientEventDataTransferFailed: 'The data transfer failed.',
  ClientEventDataTransferRestartFailed: 'The data transfer could not be restarted.',
  ClientEventReadResponseFailed: "The provider's response could not be read.",
  ClientEventResponseVerificationFailed: "The provider's response signature did not verify.",
  ClientEventResponseDealDidNotMatch: 'The provider answered about a different proposal.',
  ClientEventUnexpectedDealState: 'The provider answered the proposal with an unexpected status.',
  ClientEventStreamCloseError: 'Closing the deal stream failed (never sent by the reference).',
  ClientEventDealRejected: 'The provider rejected or failed the deal, or it started too late.',
  ClientEventDealAccepted: 'The provider reports the deal published.',
  ClientEventDealPublishFailed: 'The published deal could not be confirmed on chain.',
  ClientEventDealPublished: 'The deal is confirmed on chain with its deal ID.',
  ClientEventDealPrecommitFailed: 'Waiting for the sector pre-commit failed.',
  ClientEventDealPrecommitted: 'The sector holding the deal was pre-committed.',
  ClientEventDealActivationFailed: 'Waiting for the deal activation failed.',
  ClientEventDealActivated: 'The deal is active on chain.',
  ClientEventDealCompletionFailed: 'Waiting for expiry or slashing failed.',
  ClientEventDealExpired: 'The deal expired.',
  ClientEventDealSlashed: 'The deal was slashed.',
  ClientEventFailed: 'Cleanup after a failure is done.',
  ClientEventRestart: 'The client restarted; the current step runs again.',
  ClientEventDataTransferStalled: 'The provider became unreachable during the transfer.',
  ClientEventDataTransferCancelled: 'The data transfer was cancelled.',
  ClientEventDataTransferQueued: "The provider's request for the data was queued.",
}

const table = codeTable<ClientEventName>(
  CLIENT_EVENTS,
  LEGACY_CLIENT_EVENTS,
  (value) => new UnknownDealEventError('client', value),
)

/** True when `value` is a current client event name. */
export function isClientEventName(value: unknown): value is ClientEventName {
  return table.is(value)
}

/** The current name for a current or legacy client event name. Throws UnknownDealEventError otherwise. */
export function resolveClientEventName(name: string): ClientEventName {
  return table.resolve(name)
}

/** The v1.28.3 numeric code of a current or legacy client event name. Throws UnknownDealEventError otherwise. */
export function clientEventCode(name: string): number {
  return table.code(name)
}

/** The client event name for a v1.28.3 numeric code. Throws UnknownDealEventError otherwise. */
export function clientEventName(code: number): ClientEventName {
  return table.name(code)
}
