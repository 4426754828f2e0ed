/**
 * Event table, sealing phase: hand-off to the sealing subsystem, pre-commit, activation, cleanup,
 * and the end of the deal.
 *
 * @module
 */

import { JUST_RECORD } from '../../fsm/index.ts'
import { EventText, wrap } from '../messages.ts'
import type { ProviderTablePart } from './types.ts'

/** Events of the sealing phase. */
export const sealingEvents: ProviderTablePart<
  | 'ProviderEventFileStoreErrored'
  | 'ProviderEventDealHandoffFailed'
  | 'ProviderEventDealHandedOff'
  | 'ProviderEventDealPrecommitFailed'
  | 'ProviderEventDealPrecommitted'
  | 'ProviderEventDealActivationFailed'
  | 'ProviderEventDealActivated'
  | 'ProviderEventPieceStoreErrored'
  | 'ProviderEventFinalized'
  | 'ProviderEventDealCompletionFailed'
  | 'ProviderEventDealExpired'
  | 'ProviderEventDealSlashed'
> = {
  ProviderEventFileStoreErrored: {
    description: 'A staged file could not be read (hand-off) or removed (cleanup; the deal stays active).',
    transitions: [
      { from: 'StorageDealStaged', to: 'StorageDealFailing' },
      // The deal is active on chain by now: a cleanup failure is recorded, not fatal.
      { from: 'StorageDealFinalizing', to: 'StorageDealActive' },
    ],
    action: (_deal, event) => ({ Message: wrap(EventText.fileStoreErrored, event.error) }),
  },
  ProviderEventDealHandoffFailed: {
    description: 'Handing the piece to the sealing subsystem failed.',
    transitions: [{ from: 'StorageDealStaged', to: 'StorageDealFailing' }],
    action: (_deal, event) => ({ Message: wrap(EventText.dealHandoffFailed, event.error) }),
  },
  ProviderEventDealHandedOff: {
    description: 'The piece is with the sealing subsystem and available for retrieval.',
    transitions: [{ from: 'StorageDealStaged', to: 'StorageDealAwaitingPreCommit' }],
    action: () => ({ AvailableForRetrieval: true }),
  },
  ProviderEventDealPrecommitFailed: {
    description: 'Waiting for the sector pre-commit failed.',
    transitions: [{ from: 'StorageDealAwaitingPreCommit', to: 'StorageDealFailing' }],
    action: (_deal, event) => ({ Message: wrap(EventText.dealPrecommitFailed, event.error) }),
  },
  ProviderEventDealPrecommitted: {
    description: "The deal's sector was pre-committed; its number is recorded.",
    transitions: [{ from: 'StorageDealAwaitingPreCommit', to: 'StorageDealSealing' }],
    action: (_deal, event) => ({ SectorNumber: event.sectorNumber }),
  },
  ProviderEventDealActivationFailed: {
    description: 'Waiting for the deal activation failed.',
    transitions: [{ from: 'StorageDealSealing', to: 'StorageDealFailing' }],
    action: (_deal, event) => ({ Message: wrap(EventText.dealActivationFailed, event.error) }),
  },
  ProviderEventDealActivated: {
    description: 'The deal is active on chain.',
    transitions: [
      { from: ['StorageDealAwaitingPreCommit', 'StorageDealSealing'], to: 'StorageDealFinalizing' },
    ],
  },
  ProviderEventPieceStoreErrored: {
    description: 'The piece could not be registered for retrieval (record only, not fatal).',
    transitions: [{ from: 'StorageDealStaged', to: JUST_RECORD }],
    action: (_deal, event) => ({ Message: wrap(EventText.pieceStoreErrored, event.error) }),
  },
  ProviderEventFinalized: {
    description: 'Staged files are removed (Go shows it as ProviderEventCleanupFinished).',
    transitions: [{ from: 'StorageDealFinalizing', to: 'StorageDealActive' }],
  },
  ProviderEventDealCompletionFailed: {
    description: 'Watching for expiry or slashing failed.',
    transitions: [{ from: 'StorageDealActive', to: 'StorageDealError' }],
    action: (_deal, event) => ({ Message: wrap(EventText.dealCompletionFailed, event.error) }),
  },
  ProviderEventDealExpired: {
    description: 'The deal reached its end epoch.',
    transitions: [{ from: 'StorageDealActive', to: 'StorageDealExpired' }],
  },
  ProviderEventDealSlashed: {
    description: "The deal's sector was terminated; the slash epoch is recorded.",
    transitions: [{ from: 'StorageDealActive', to: 'StorageDealSlashed' }],
    action: (_deal, event) => ({ SlashEpoch: event.slashEpoch }),
  },
}
