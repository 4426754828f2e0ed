/**
 * Event table, whole-lifecycle events: the end of cleanup after a failure, and the restart every
 * non-final deal receives when the provider starts.
 *
 * @module
 */

import { ANY, NO_CHANGE } from '../../fsm/index.ts'
import type { ProviderTablePart } from './types.ts'

/** Events that concern the whole lifecycle. */
export const lifecycleEvents: ProviderTablePart<'ProviderEventFailed' | 'ProviderEventRestart'> = {
  ProviderEventFailed: {
    description: 'Cleanup after a failure is done.',
    transitions: [{ from: 'StorageDealFailing', to: 'StorageDealError' }],
  },
  ProviderEventRestart: {
    description: 'The provider restarted (or a publish retry was asked for); the current step runs again.',
    // The reference sends Validating, AcceptWait and Rejecting straight to Error, skipping cleanup.
    // Here they run again: without the client's stream the response cannot be sent, so the deal
    // goes through Failing and FailDeal releases what it holds.
    transitions: [
      { from: 'StorageDealTransferring', to: 'StorageDealProviderTransferAwaitRestart' },
      // A deal recorded but never opened (the provider stopped in between) would wait forever.
      { from: 'StorageDealUnknown', to: 'StorageDealValidating' },
      { from: ANY, to: NO_CHANGE },
    ],
  },
}
