/**
 * Client event table, deal phase: acceptance polling, publish, sealing, completion, failure and
 * restart.
 *
 * @module
 */

import { ANY, NO_CHANGE } from '../fsm/index.ts'
import type { StorageDealStatus } from '../market/index.ts'
import { clientMessages as m } from './messages.ts'
import { type ClientTablePart, failWith, logLine, type Now } from './table-support.ts'

/** The deal-phase events. */
export type DealEventType =
  | 'ClientEventWaitForDealState'
  | 'ClientEventResponseDealDidNotMatch'
  | 'ClientEventDealRejected'
  | 'ClientEventDealAccepted'
  | 'ClientEventDealPublishFailed'
  | 'ClientEventDealPublished'
  | 'ClientEventDealPrecommitFailed'
  | 'ClientEventDealPrecommitted'
  | 'ClientEventDealActivationFailed'
  | 'ClientEventDealActivated'
  | 'ClientEventDealCompletionFailed'
  | 'ClientEventDealExpired'
  | 'ClientEventDealSlashed'
  | 'ClientEventFailed'
  | 'ClientEventRestart'

// Provider states that get a friendlier log line than "the provider's deal state: X".
const PROGRESS_LINES: Partial<Record<StorageDealStatus, () => string>> = {
  StorageDealVerifyData: m.providerVerifyingData,
  StorageDealPublish: m.providerPublishing,
  StorageDealPublishing: m.providerPublishSent,
  StorageDealProviderFunding: m.providerFunding,
}

/** Table entries of the deal-phase events. */
export function dealEvents(now: Now): ClientTablePart<DealEventType> {
  return {
    ClientEventWaitForDealState: {
      transitions: [{ from: 'StorageDealCheckForAcceptance', to: NO_CHANGE }],
      action: (deal, e) => {
        const message = m.providerState(e.providerState)
        return {
          PollRetryCount: deal.PollRetryCount + 1,
          PollErrorCount: deal.PollErrorCount + (e.pollError ? 1 : 0),
          Message: message,
          ...logLine(deal, PROGRESS_LINES[e.providerState]?.() ?? message, now),
        }
      },
    },
    ClientEventResponseDealDidNotMatch: {
      // FundsReserved is added: ProposeDeal checks the proposal's answer too (the reference does not).
      transitions: [
        { from: ['StorageDealCheckForAcceptance', 'StorageDealFundsReserved'], to: 'StorageDealFailing' },
      ],
      action: (deal, e) => failWith(deal, m.responseDealDidNotMatch(e.responseCid, e.proposalCid), now),
    },
    ClientEventDealRejected: {
      transitions: [{ from: 'StorageDealCheckForAcceptance', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.dealRejected(e.state, e.reason), now),
    },
    ClientEventDealAccepted: {
      transitions: [{ from: 'StorageDealCheckForAcceptance', to: 'StorageDealProposalAccepted' }],
      action: (deal, e) => ({
        PublishMessage: e.publishMessage,
        Message: '',
        ...logLine(deal, m.dealAccepted(), now),
      }),
    },
    ClientEventDealPublishFailed: {
      transitions: [{ from: 'StorageDealProposalAccepted', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.dealPublishFailed(e.error), now),
    },
    ClientEventDealPublished: {
      transitions: [{ from: 'StorageDealProposalAccepted', to: 'StorageDealAwaitingPreCommit' }],
      // An empty line only refreshes the ProposalAccepted stage, as in the reference.
      action: (deal, e) => ({ DealID: e.dealId, ...logLine(deal, '', now) }),
    },
    ClientEventDealPrecommitFailed: {
      transitions: [{ from: 'StorageDealAwaitingPreCommit', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.dealPrecommitFailed(e.error), now),
    },
    ClientEventDealPrecommitted: {
      transitions: [{ from: 'StorageDealAwaitingPreCommit', to: 'StorageDealSealing' }],
      action: (deal, e) => ({ SectorNumber: e.sectorNumber, ...logLine(deal, m.dealPrecommitted(), now) }),
    },
    ClientEventDealActivationFailed: {
      transitions: [{ from: 'StorageDealSealing', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.dealActivationFailed(e.error), now),
    },
    ClientEventDealActivated: {
      transitions: [
        { from: ['StorageDealAwaitingPreCommit', 'StorageDealSealing'], to: 'StorageDealActive' },
      ],
      action: (deal) => logLine(deal, m.dealActivated(), now),
    },
    ClientEventDealCompletionFailed: {
      transitions: [{ from: 'StorageDealActive', to: 'StorageDealFailing' }],
      action: (deal, e) => failWith(deal, m.dealCompletionFailed(e.error), now),
    },
    ClientEventDealExpired: {
      transitions: [{ from: 'StorageDealActive', to: 'StorageDealExpired' }],
    },
    ClientEventDealSlashed: {
      transitions: [{ from: 'StorageDealActive', to: 'StorageDealSlashed' }],
      action: (deal, e) => ({ SlashEpoch: e.slashEpoch, ...logLine(deal, m.dealSlashed(e.slashEpoch), now) }),
    },
    ClientEventFailed: {
      transitions: [{ from: 'StorageDealFailing', to: 'StorageDealError' }],
      action: (deal) => logLine(deal, '', now),
    },
    ClientEventRestart: {
      transitions: [
        // Both transfer states resume the recorded channel; the reference leaves TransferQueued waiting.
        {
          from: ['StorageDealTransferring', 'StorageDealTransferQueued'],
          to: 'StorageDealClientTransferRestart',
        },
        // A record created but never opened (a crash between begin and Open) starts its lifecycle.
        { from: 'StorageDealUnknown', to: 'StorageDealReserveClientFunds' },
        { from: ANY, to: NO_CHANGE },
      ],
    },
  }
}
