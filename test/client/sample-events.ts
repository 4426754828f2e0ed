import { channelToRecord } from '../../src/adapters/record-ids.ts'
import {
  type ClientEvent,
  type ClientEventType,
  type ClientState,
  isClientState,
} from '../../src/client/index.ts'
import { CLIENT_EVENTS } from '../../src/market/index.ts'
import { clientPeer, minerPeer, testCid } from './fixtures.ts'

const channel = channelToRecord({ initiator: clientPeer, responder: minerPeer, id: 3n })

/** One event of each type, with a plausible payload. */
export const SAMPLE_EVENTS: Readonly<Record<ClientEventType, ClientEvent>> = {
  ClientEventOpen: { type: 'ClientEventOpen' },
  ClientEventReserveFundsFailed: { type: 'ClientEventReserveFundsFailed', error: 'no funds' },
  ClientEventFundingInitiated: { type: 'ClientEventFundingInitiated', message: testCid('add funds') },
  ClientEventFundsReserved: { type: 'ClientEventFundsReserved', amount: 100n },
  ClientEventFundsReleased: { type: 'ClientEventFundsReleased', amount: 100n },
  ClientEventFundingComplete: { type: 'ClientEventFundingComplete' },
  ClientEventWriteProposalFailed: { type: 'ClientEventWriteProposalFailed', error: 'reset' },
  ClientEventInitiateDataTransfer: { type: 'ClientEventInitiateDataTransfer' },
  ClientEventDataTransferInitiated: { type: 'ClientEventDataTransferInitiated', channel },
  ClientEventDataTransferRestarted: { type: 'ClientEventDataTransferRestarted', channel },
  ClientEventDataTransferComplete: { type: 'ClientEventDataTransferComplete' },
  ClientEventWaitForDealState: {
    type: 'ClientEventWaitForDealState',
    pollError: false,
    providerState: 'StorageDealVerifyData',
  },
  ClientEventDataTransferFailed: { type: 'ClientEventDataTransferFailed', error: 'broken' },
  ClientEventDataTransferRestartFailed: { type: 'ClientEventDataTransferRestartFailed', error: 'broken' },
  ClientEventReadResponseFailed: { type: 'ClientEventReadResponseFailed', error: 'eof' },
  ClientEventResponseVerificationFailed: { type: 'ClientEventResponseVerificationFailed' },
  ClientEventResponseDealDidNotMatch: {
    type: 'ClientEventResponseDealDidNotMatch',
    responseCid: testCid('a'),
    proposalCid: testCid('b'),
  },
  ClientEventUnexpectedDealState: {
    type: 'ClientEventUnexpectedDealState',
    status: 'StorageDealProposalRejected',
    providerMessage: 'no',
  },
  ClientEventStreamCloseError: { type: 'ClientEventStreamCloseError', error: 'close' },
  ClientEventDealRejected: { type: 'ClientEventDealRejected', state: 'StorageDealFailing', reason: 'no' },
  ClientEventDealAccepted: { type: 'ClientEventDealAccepted', publishMessage: testCid('publish') },
  ClientEventDealPublishFailed: { type: 'ClientEventDealPublishFailed', error: 'missing' },
  ClientEventDealPublished: { type: 'ClientEventDealPublished', dealId: 5 },
  ClientEventDealPrecommitFailed: { type: 'ClientEventDealPrecommitFailed', error: 'gone' },
  ClientEventDealPrecommitted: { type: 'ClientEventDealPrecommitted', sectorNumber: 10 },
  ClientEventDealActivationFailed: { type: 'ClientEventDealActivationFailed', error: 'gone' },
  ClientEventDealActivated: { type: 'ClientEventDealActivated' },
  ClientEventDealCompletionFailed: { type: 'ClientEventDealCompletionFailed', error: 'gone' },
  ClientEventDealExpired: { type: 'ClientEventDealExpired' },
  ClientEventDealSlashed: { type: 'ClientEventDealSlashed', slashEpoch: 9 },
  ClientEventFailed: { type: 'ClientEventFailed' },
  ClientEventRestart: { type: 'ClientEventRestart' },
  ClientEventDataTransferStalled: { type: 'ClientEventDataTransferStalled' },
  ClientEventDataTransferCancelled: { type: 'ClientEventDataTransferCancelled' },
  ClientEventDataTransferQueued: { type: 'ClientEventDataTransferQueued', channel },
}

/** Every event type, in code order. */
export const EVENT_TYPES: readonly ClientEventType[] = CLIENT_EVENTS

/** Abbreviations for the expected table: the state names without their StorageDeal prefix. */
export type Short =
  | 'Unknown'
  | 'ProposalAccepted'
  | 'Sealing'
  | 'Active'
  | 'Expired'
  | 'Slashed'
  | 'Failing'
  | 'FundsReserved'
  | 'CheckForAcceptance'
  | 'StartDataTransfer'
  | 'Transferring'
  | 'ReserveClientFunds'
  | 'ClientFunding'
  | 'Error'
  | 'ClientTransferRestart'
  | 'AwaitingPreCommit'
  | 'TransferQueued'

/** The full state name of an abbreviation. */
export function full(short: Short): ClientState {
  const state = `StorageDeal${short}`
  if (!isClientState(state)) throw new Error(`not a client state: ${short}`)
  return state
}
