/**
 * Client event table, proposal and transfer phase: sending the proposal, checking the answer, and
 * pushing the data.
 *
 * @module
 */

import { JUST_RECORD } from '../fsm/index.ts'
import { clientMessages as m } from './messages.ts'
import { type ClientTablePart, failWith, logLine, type Now } from './table-support.ts'

/** The proposal and transfer events. */
export type TransferEventType =
  | 'ClientEventWriteProposalFailed'
  | 'ClientEventInitiateDataTransfer'
  | 'ClientEventDataTransferInitiated'
  | 'ClientEventDataTransferRestarted'
  | 'ClientEventDataTransferComplete'
  | 'ClientEventDataTransferFailed'
  | 'ClientEventDataTransferRestartFailed'
  | 'ClientEventReadResponseFailed'
  | 'ClientEventResponseVerificationFailed'
  | 'ClientEventUnexpectedDealState'
  | 'ClientEventStreamCloseError'
  | 'ClientEventDataTransferStalled'
  | 'ClientEventDataTransferCancelled'
  | 'ClientEventDataTransferQueued'

/** Table entries of the proposal and transfer events. */
export function transferEvents(now: Now): ClientTablePart<TransferEventType> {
  return {
    ClientEventWriteProposalFailed: {
      // The reference goes straight to Error and keeps the reservation; Failing releases it.
      transitions: [{ from: 'StorageDealFundsReserved', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.writeProposalFailed(e.error), now),
    },
    ClientEventInitiateDataTransfer: {
      transitions: [{ from: 'StorageDealFundsReserved', to: 'StorageDealStartDataTransfer' }],
      action: (deal) => logLine(deal, m.initiateDataTransfer(), now),
    },
    ClientEventDataTransferInitiated: {
      transitions: [{ from: 'StorageDealTransferQueued', to: 'StorageDealTransferring' }],
      action: (deal, e) => ({
        TransferChannelID: e.channel,
        ...logLine(deal, m.dataTransferInitiated(e.channel), now),
      }),
    },
    ClientEventDataTransferRestarted: {
      transitions: [
        {
          from: [
            'StorageDealClientTransferRestart',
            'StorageDealStartDataTransfer',
            'StorageDealTransferQueued',
          ],
          to: 'StorageDealTransferring',
        },
        { from: 'StorageDealTransferring', to: JUST_RECORD },
      ],
      action: (deal, e) => ({
        TransferChannelID: e.channel,
        Message: '',
        ...logLine(deal, m.dataTransferRestarted(e.channel), now),
      }),
    },
    ClientEventDataTransferComplete: {
      transitions: [
        {
          from: ['StorageDealTransferring', 'StorageDealStartDataTransfer', 'StorageDealTransferQueued'],
          to: 'StorageDealCheckForAcceptance',
        },
      ],
    },
    ClientEventDataTransferFailed: {
      transitions: [
        {
          from: ['StorageDealStartDataTransfer', 'StorageDealTransferring', 'StorageDealTransferQueued'],
          to: 'StorageDealFailing',
        },
      ],
      action: (deal, e) => failWith(deal, m.dataTransferFailed(e.error), now),
    },
    ClientEventDataTransferRestartFailed: {
      transitions: [{ from: 'StorageDealClientTransferRestart', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.dataTransferRestartFailed(e.error), now),
    },
    ClientEventReadResponseFailed: {
      transitions: [{ from: 'StorageDealFundsReserved', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.readResponseFailed(e.error), now),
    },
    ClientEventResponseVerificationFailed: {
      transitions: [{ from: 'StorageDealFundsReserved', to: 'StorageDealFailing' }],
      action: (deal) => failWith(deal, m.responseVerificationFailed(), now),
    },
    ClientEventUnexpectedDealState: {
      transitions: [{ from: 'StorageDealFundsReserved', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.unexpectedDealState(e.status, e.providerMessage), now),
    },
    ClientEventStreamCloseError: {
      // The reference declares it from any state to Error and never sends it; here ProposeDeal
      // sends it when closing the deal stream fails, the only state that holds a stream.
      transitions: [{ from: 'StorageDealFundsReserved', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.streamCloseError(e.error), now),
    },
    ClientEventDataTransferStalled: {
      transitions: [
        { from: ['StorageDealTransferring', 'StorageDealTransferQueued'], to: 'StorageDealFailing' },
      ],
      action: (deal, e) => failWith(deal, m.dataTransferStalled(deal.Miner, e.error), now),
    },
    ClientEventDataTransferCancelled: {
      transitions: [
        {
          from: [
            'StorageDealStartDataTransfer',
            'StorageDealTransferring',
            'StorageDealClientTransferRestart',
            'StorageDealTransferQueued',
          ],
          to: 'StorageDealFailing',
        },
      ],
      action: (deal) => failWith(deal, m.dataTransferCancelled(), now),
    },
    ClientEventDataTransferQueued: {
      transitions: [{ from: 'StorageDealStartDataTransfer', to: 'StorageDealTransferQueued' }],
      // Recording the channel (the reference does not) lets a restart in TransferQueued resume it.
      action: (deal, e) => ({
        TransferChannelID: e.channel,
        ...logLine(deal, m.dataTransferQueued(e.channel), now),
      }),
    },
  }
}
