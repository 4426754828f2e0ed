/**
 * Client event table, funding phase: opening the deal and reserving the client's escrow.
 *
 * @module
 */

import { JUST_RECORD } from '../fsm/index.ts'
import { clientMessages as m } from './messages.ts'
import { type ClientTablePart, failWith, logLine, type Now } from './table-support.ts'

/** The funding events. */
export type FundingEventType =
  | 'ClientEventOpen'
  | 'ClientEventReserveFundsFailed'
  | 'ClientEventFundingInitiated'
  | 'ClientEventFundsReserved'
  | 'ClientEventFundsReleased'
  | 'ClientEventFundingComplete'

/** Table entries of the funding events. */
export function fundingEvents(now: Now): ClientTablePart<FundingEventType> {
  return {
    ClientEventOpen: {
      transitions: [{ from: 'StorageDealUnknown', to: 'StorageDealReserveClientFunds' }],
    },
    ClientEventReserveFundsFailed: {
      transitions: [
        { from: ['StorageDealClientFunding', 'StorageDealReserveClientFunds'], to: 'StorageDealFailing' },
      ],
      action: (deal, e) => failWith(deal, m.reserveFundsFailed(e.error), now),
    },
    ClientEventFundingInitiated: {
      transitions: [{ from: 'StorageDealReserveClientFunds', to: 'StorageDealClientFunding' }],
      action: (deal, e) => ({ AddFundsCid: e.message, ...logLine(deal, m.fundingInitiated(e.message), now) }),
    },
    ClientEventFundsReserved: {
      transitions: [{ from: 'StorageDealReserveClientFunds', to: JUST_RECORD }],
      // Go distinguishes "unset" from zero; both mean "nothing reserved", so adding is the same.
      action: (deal, e) => ({
        FundsReserved: deal.FundsReserved + e.amount,
        ...logLine(deal, m.fundsReserved(e.amount), now),
      }),
    },
    ClientEventFundsReleased: {
      // Active: a release the node refused at publish, asked again before the deal ends.
      transitions: [
        { from: ['StorageDealProposalAccepted', 'StorageDealFailing', 'StorageDealActive'], to: JUST_RECORD },
      ],
      action: (deal, e) => ({
        FundsReserved: deal.FundsReserved - e.amount,
        ...logLine(deal, m.fundsReleased(e.amount), now),
      }),
    },
    ClientEventFundingComplete: {
      transitions: [
        {
          from: ['StorageDealReserveClientFunds', 'StorageDealClientFunding'],
          to: 'StorageDealFundsReserved',
        },
      ],
    },
  }
}
