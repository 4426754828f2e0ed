/**
 * Event table, transfer phase: the client pushes the data (or the operator imports it) and the
 * provider checks its piece commitment.
 *
 * @module
 */

import { JUST_RECORD } from '../../fsm/index.ts'
import { dataDeadlineMessage, EventText, wrap } from '../messages.ts'
import { DATA_DEADLINE_STATES } from '../states.ts'
import type { ProviderTablePart } from './types.ts'

/** Events of the transfer phase. */
export const transferEvents: ProviderTablePart<
  | 'ProviderEventDataTransferFailed'
  | 'ProviderEventDataTransferInitiated'
  | 'ProviderEventDataTransferRestarted'
  | 'ProviderEventDataTransferCompleted'
  | 'ProviderEventDataVerificationFailed'
  | 'ProviderEventVerifiedData'
  | 'ProviderEventDataTransferStalled'
  | 'ProviderEventDataTransferCancelled'
  | 'ProviderEventAwaitTransferRestartTimeout'
  | 'ProviderEventDataDeadlinePassed'
> = {
  ProviderEventDataTransferFailed: {
    description: 'The data transfer reported an error.',
    transitions: [
      {
        // WaitingForData: an mk/1.2 pull, which the provider starts itself, could not start.
        from: [
          'StorageDealWaitingForData',
          'StorageDealTransferring',
          'StorageDealProviderTransferAwaitRestart',
        ],
        to: 'StorageDealFailing',
      },
    ],
    action: (_deal, event) => ({ Message: wrap(EventText.dataTransferFailed, event.error) }),
  },
  ProviderEventDataTransferInitiated: {
    description: 'The transfer channel opened; its id is recorded.',
    transitions: [
      {
        from: ['StorageDealWaitingForData', 'StorageDealProviderTransferAwaitRestart'],
        to: 'StorageDealTransferring',
      },
    ],
    action: (_deal, event) => ({ TransferChannelId: event.channelId }),
  },
  ProviderEventDataTransferRestarted: {
    description: 'The transfer channel was restarted; its id is recorded and the message cleared.',
    transitions: [
      {
        from: ['StorageDealWaitingForData', 'StorageDealProviderTransferAwaitRestart'],
        to: 'StorageDealTransferring',
      },
      { from: 'StorageDealTransferring', to: JUST_RECORD },
    ],
    action: (_deal, event) => ({ TransferChannelId: event.channelId, Message: '' }),
  },
  ProviderEventDataTransferCompleted: {
    description: 'All data arrived.',
    transitions: [
      {
        from: ['StorageDealTransferring', 'StorageDealProviderTransferAwaitRestart'],
        to: 'StorageDealVerifyData',
      },
    ],
  },
  ProviderEventDataVerificationFailed: {
    description: 'The received data does not match the proposed piece.',
    transitions: [{ from: 'StorageDealVerifyData', to: 'StorageDealFailing' }],
    action: (_deal, event) => ({
      PiecePath: event.piecePath,
      MetadataPath: event.metadataPath,
      Message: wrap(EventText.dataVerificationFailed, event.error),
    }),
  },
  ProviderEventVerifiedData: {
    description: 'The data matches the proposed piece commitment (transferred or imported).',
    transitions: [
      { from: ['StorageDealVerifyData', 'StorageDealWaitingForData'], to: 'StorageDealReserveProviderFunds' },
    ],
    action: (_deal, event) => ({ PiecePath: event.piecePath, MetadataPath: event.metadataPath }),
  },
  ProviderEventDataTransferStalled: {
    description: 'The client seems unreachable during the transfer (record only).',
    transitions: [
      { from: ['StorageDealTransferring', 'StorageDealProviderTransferAwaitRestart'], to: JUST_RECORD },
    ],
    action: () => ({ Message: EventText.transferStalled }),
  },
  ProviderEventDataTransferCancelled: {
    description: 'The data transfer was cancelled.',
    transitions: [
      {
        from: [
          'StorageDealWaitingForData',
          'StorageDealTransferring',
          'StorageDealProviderTransferAwaitRestart',
        ],
        to: 'StorageDealFailing',
      },
    ],
    action: () => ({ Message: EventText.transferCancelled }),
  },
  ProviderEventAwaitTransferRestartTimeout: {
    description: 'The client did not resume the transfer in time.',
    // The reference also records it from any other state, for timers that outlive the state; here
    // the timer is cancelled when the state is left, so it only ever fires from AwaitRestart.
    transitions: [{ from: 'StorageDealProviderTransferAwaitRestart', to: 'StorageDealFailing' }],
    action: () => ({ Message: EventText.restartTimeout }),
  },
  ProviderEventDataDeadlinePassed: {
    description:
      'The chain reached the start epoch before the data arrived; the deal cannot be published in time.',
    // Beyond the reference, which waits for the data for ever (docs/differences.md).
    transitions: [{ from: DATA_DEADLINE_STATES, to: 'StorageDealFailing' }],
    action: (_deal, event) => ({ Message: dataDeadlineMessage(event.startEpoch, event.headEpoch) }),
  },
}
