/**
 * The client deal machine: go-fil-markets v1.28.3 `clientstates` on the lifecycle engine. The
 * event table (split by phase), the entry functions, the finality list and the failure routing.
 *
 * @module
 */

import { type Clock, defineMachine, type MachineDefinition, realClock } from '../fsm/index.ts'
import { CLIENT_EVENT_DESCRIPTIONS, CLIENT_EVENTS, type ClientDeal } from '../market/index.ts'
import { checkForDealAcceptance } from './entry/check-for-deal-acceptance.ts'
import type { ClientEntryFunction } from './entry/context.ts'
import { failDeal } from './entry/fail-deal.ts'
import { initiateDataTransfer } from './entry/initiate-data-transfer.ts'
import { proposeDeal } from './entry/propose-deal.ts'
import { reserveClientFunds } from './entry/reserve-client-funds.ts'
import { restartDataTransfer } from './entry/restart-data-transfer.ts'
import { validateDealPublished } from './entry/validate-deal-published.ts'
import { verifyDealActivated } from './entry/verify-deal-activated.ts'
import { verifyDealPreCommitted } from './entry/verify-deal-pre-committed.ts'
import { waitForDealCompletion } from './entry/wait-for-deal-completion.ts'
import { waitForFunding } from './entry/wait-for-funding.ts'
import type { ClientDealEnvironment } from './environment.ts'
import type { ClientEvent } from './events.ts'
import { CLIENT_FINAL_STATES, CLIENT_STATE_DESCRIPTIONS, CLIENT_STATES, type ClientState } from './states.ts'
import { dealEvents } from './table-deal.ts'
import { fundingEvents } from './table-funding.ts'
import { type Now, recordTime } from './table-support.ts'
import { transferEvents } from './table-transfer.ts'

/** The client machine's definition type. */
export type ClientMachine = MachineDefinition<ClientState, ClientEvent, ClientDeal, ClientDealEnvironment>

/** The entry function of each state, under its go-fil-markets name. */
export const CLIENT_ENTRY_FUNCTIONS: Readonly<Partial<Record<ClientState, ClientEntryFunction>>> = {
  StorageDealReserveClientFunds: { name: 'ReserveClientFunds', run: reserveClientFunds },
  StorageDealClientFunding: { name: 'WaitForFunding', run: waitForFunding },
  StorageDealFundsReserved: { name: 'ProposeDeal', run: proposeDeal },
  StorageDealStartDataTransfer: { name: 'InitiateDataTransfer', run: initiateDataTransfer },
  StorageDealClientTransferRestart: { name: 'RestartDataTransfer', run: restartDataTransfer },
  StorageDealCheckForAcceptance: { name: 'CheckForDealAcceptance', run: checkForDealAcceptance },
  StorageDealProposalAccepted: { name: 'ValidateDealPublished', run: validateDealPublished },
  StorageDealAwaitingPreCommit: { name: 'VerifyDealPreCommitted', run: verifyDealPreCommitted },
  StorageDealSealing: { name: 'VerifyDealActivated', run: verifyDealActivated },
  StorageDealActive: { name: 'WaitForDealCompletion', run: waitForDealCompletion },
  StorageDealFailing: { name: 'FailDeal', run: failDeal },
}

/** Pre-v1.0.4 entry function names, mapped to the current one. */
export const LEGACY_CLIENT_ENTRY_FUNCTIONS: Readonly<Record<'EnsureClientFunds', string>> = {
  EnsureClientFunds: 'ReserveClientFunds',
}

/**
 * The event an entry function's unexpected throw becomes, per state: the state's own failure
 * event, so the deal passes through Failing and its funds are released.
 */
export function clientFailureEvent(message: string, state: ClientState): ClientEvent {
  switch (state) {
    case 'StorageDealReserveClientFunds':
    case 'StorageDealClientFunding':
      return { type: 'ClientEventReserveFundsFailed', error: message }
    case 'StorageDealFundsReserved':
      return { type: 'ClientEventWriteProposalFailed', error: message }
    case 'StorageDealStartDataTransfer':
      return { type: 'ClientEventDataTransferFailed', error: message }
    case 'StorageDealClientTransferRestart':
      return { type: 'ClientEventDataTransferRestartFailed', error: message }
    case 'StorageDealCheckForAcceptance':
      return { type: 'ClientEventDealRejected', state, reason: message }
    case 'StorageDealProposalAccepted':
      return { type: 'ClientEventDealPublishFailed', error: message }
    case 'StorageDealAwaitingPreCommit':
      return { type: 'ClientEventDealPrecommitFailed', error: message }
    case 'StorageDealSealing':
      return { type: 'ClientEventDealActivationFailed', error: message }
    case 'StorageDealActive':
      return { type: 'ClientEventDealCompletionFailed', error: message }
    default:
      // FailDeal itself: the deal still ends, in Error, with the message of the failure it cleans up.
      return { type: 'ClientEventFailed' }
  }
}

/** The whole event table, its keys in the order of the v1.28.3 event codes (diagram order). */
function clientEventTable(now: Now) {
  const parts = { ...fundingEvents(now), ...transferEvents(now), ...dealEvents(now) }
  const ordered = Object.fromEntries(
    CLIENT_EVENTS.map((type) => [type, { description: CLIENT_EVENT_DESCRIPTIONS[type], ...parts[type] }]),
  )
  return ordered as typeof parts
}

/**
 * Define the client machine. `clock` stamps the deal-stage log; give the client's clock so that
 * stage times follow it (a VirtualClock in tests).
 */
export function createClientMachine(clock: Pick<Clock, 'now'> = realClock): ClientMachine {
  const now = recordTime(clock)
  return defineMachine<ClientState, ClientEvent, ClientDeal, ClientDealEnvironment>({
    id: 'storage-client',
    states: CLIENT_STATES,
    stateDescriptions: CLIENT_STATE_DESCRIPTIONS,
    initial: 'StorageDealUnknown',
    stateField: 'State',
    events: clientEventTable(now),
    entry: CLIENT_ENTRY_FUNCTIONS,
    final: CLIENT_FINAL_STATES,
    parked: ['StorageDealActive'],
    restartEvent: { type: 'ClientEventRestart' },
    failureEvent: clientFailureEvent,
  })
}

/** The client machine on the wall clock, as the library ships it (diagrams, tooling). */
export const storageClientMachine: ClientMachine = createClientMachine()
