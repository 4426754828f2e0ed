/**
 * Event table, negotiation phase: a received proposal is validated, decided on, and answered.
 *
 * @module
 */

import { EventText, wrap } from '../messages.ts'
import type { ProviderTablePart } from './types.ts'

/** Events of the negotiation phase. */
export const negotiationEvents: ProviderTablePart<
  | 'ProviderEventOpen'
  | 'ProviderEventDealDeciding'
  | 'ProviderEventDealRejected'
  | 'ProviderEventRejectionSent'
  | 'ProviderEventSendResponseFailed'
  | 'ProviderEventDataRequested'
> = {
  ProviderEventOpen: {
    description: 'A received proposal starts its lifecycle.',
    transitions: [{ from: 'StorageDealUnknown', to: 'StorageDealValidating' }],
  },
  ProviderEventDealDeciding: {
    description: 'The proposal passed validation; the deal filter decides.',
    transitions: [{ from: 'StorageDealValidating', to: 'StorageDealAcceptWait' }],
  },
  ProviderEventDealRejected: {
    description: 'The proposal is refused (validation or the deal filter).',
    // The reference also lists VerifyData as a source, but nothing sends the event from there.
    transitions: [{ from: ['StorageDealValidating', 'StorageDealAcceptWait'], to: 'StorageDealRejecting' }],
    action: (_deal, event) => ({ Message: wrap(EventText.dealRejected, event.error) }),
  },
  ProviderEventRejectionSent: {
    description: 'The refusal was sent to the client.',
    transitions: [{ from: 'StorageDealRejecting', to: 'StorageDealFailing' }],
  },
  ProviderEventSendResponseFailed: {
    description: 'The answer could not be sent to the client.',
    transitions: [{ from: ['StorageDealAcceptWait', 'StorageDealRejecting'], to: 'StorageDealFailing' }],
    action: (_deal, event) => ({ Message: wrap(EventText.sendResponseFailed, event.error) }),
  },
  ProviderEventDataRequested: {
    description: 'The acceptance was sent; the data is awaited.',
    transitions: [{ from: 'StorageDealAcceptWait', to: 'StorageDealWaitingForData' }],
  },
}
