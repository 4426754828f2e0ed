/**
 * The provider deal machine (go-fil-markets `providerstates`): the event table (split by phase in
 * ./table), the entry function of each state, the final and parked states, the restart event and
 * the failure event that replaces a throw.
 *
 * @module
 */

import { defineMachine, type MachineDefinition, type NamedEntryFunction } from '../fsm/index.ts'
import { type MinerDeal, PROVIDER_EVENTS } from '../market/index.ts'
import { cleanupDeal } from './entry/cleanup-deal.ts'
import { decideOnProposal } from './entry/decide-on-proposal.ts'
import { failDeal } from './entry/fail-deal.ts'
import { handoffDeal } from './entry/handoff-deal.ts'
import { publishDeal } from './entry/publish-deal.ts'
import { rejectDeal } from './entry/reject-deal.ts'
import { reserveProviderFunds } from './entry/reserve-provider-funds.ts'
import { validateDealProposal } from './entry/validate-deal-proposal.ts'
import { verifyData } from './entry/verify-data.ts'
import { verifyDealActivated } from './entry/verify-deal-activated.ts'
import { verifyDealPreCommitted } from './entry/verify-deal-pre-committed.ts'
import { waitForDealCompletion } from './entry/wait-for-deal-completion.ts'
import { waitForFunding } from './entry/wait-for-funding.ts'
import { waitForPublish } from './entry/wait-for-publish.ts'
import { waitForTransferRestart } from './entry/wait-for-transfer-restart.ts'
import type { ProviderDealEnvironment } from './environment.ts'
import { PROVIDER_EVENTS_BEYOND_REFERENCE, type ProviderEvent } from './events.ts'
import {
  PROVIDER_FINAL_STATES,
  PROVIDER_STATE_DESCRIPTIONS,
  PROVIDER_STATES,
  type ProviderState,
} from './states.ts'
import { fundingPublishEvents } from './table/funding-publish.ts'
import { lifecycleEvents } from './table/lifecycle.ts'
import { negotiationEvents } from './table/negotiation.ts'
import { sealingEvents } from './table/sealing.ts'
import { transferEvents } from './table/transfer.ts'
import type { ProviderEventTable } from './table/types.ts'

type Entry = NamedEntryFunction<MinerDeal, ProviderEvent, ProviderDealEnvironment>

/** The entry function of each provider state, under its go-fil-markets name. */
export const PROVIDER_ENTRY_FUNCTIONS: Readonly<Partial<Record<ProviderState, Entry>>> = {
  StorageDealValidating: { name: 'ValidateDealProposal', run: validateDealProposal },
  StorageDealAcceptWait: { name: 'DecideOnProposal', run: decideOnProposal },
  StorageDealProviderTransferAwaitRestart: { name: 'WaitForTransferRestart', run: waitForTransferRestart },
  StorageDealVerifyData: { name: 'VerifyData', run: verifyData },
  StorageDealReserveProviderFunds: { name: 'ReserveProviderFunds', run: reserveProviderFunds },
  StorageDealProviderFunding: { name: 'WaitForFunding', run: waitForFunding },
  StorageDealPublish: { name: 'PublishDeal', run: publishDeal },
  StorageDealPublishing: { name: 'WaitForPublish', run: waitForPublish },
  StorageDealStaged: { name: 'HandoffDeal', run: handoffDeal },
  StorageDealAwaitingPreCommit: { name: 'VerifyDealPreCommitted', run: verifyDealPreCommitted },
  StorageDealSealing: { name: 'VerifyDealActivated', run: verifyDealActivated },
  StorageDealRejecting: { name: 'RejectDeal', run: rejectDeal },
  StorageDealFinalizing: { name: 'CleanupDeal', run: cleanupDeal },
  StorageDealActive: { name: 'WaitForDealCompletion', run: waitForDealCompletion },
  StorageDealFailing: { name: 'FailDeal', run: failDeal },
}

/** Entry-function names used before go-fil-markets v1.0.4, mapped to the current name. */
export const PROVIDER_ENTRY_FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  EnsureProviderFunds: 'ReserveProviderFunds',
}

/**
 * The event a throwing entry function triggers, per state: the failure that state's own steps
 * report, so a thrown error ends up where an expected one of the same step would.
 */
export function providerFailureEvent(message: string, state: ProviderState): ProviderEvent {
  const error = message
  switch (state) {
    case 'StorageDealValidating':
    case 'StorageDealAcceptWait':
      return { type: 'ProviderEventDealRejected', error }
    case 'StorageDealRejecting':
      return { type: 'ProviderEventSendResponseFailed', error }
    case 'StorageDealProviderTransferAwaitRestart':
      return { type: 'ProviderEventDataTransferFailed', error }
    case 'StorageDealVerifyData':
      return { type: 'ProviderEventDataVerificationFailed', error, piecePath: '', metadataPath: '' }
    case 'StorageDealPublishing':
      return { type: 'ProviderEventDealPublishError', error }
    case 'StorageDealStaged':
      return { type: 'ProviderEventDealHandoffFailed', error }
    case 'StorageDealAwaitingPreCommit':
      return { type: 'ProviderEventDealPrecommitFailed', error }
    case 'StorageDealSealing':
      return { type: 'ProviderEventDealActivationFailed', error }
    case 'StorageDealFinalizing':
      return { type: 'ProviderEventFileStoreErrored', error }
    case 'StorageDealActive':
      return { type: 'ProviderEventDealCompletionFailed', error }
    default:
      return { type: 'ProviderEventNodeErrored', error }
  }
}

const parts: ProviderEventTable = {
  ...negotiationEvents,
  ...transferEvents,
  ...fundingPublishEvents,
  ...sealingEvents,
  ...lifecycleEvents,
}

/**
 * The table in go-fil-markets' event-code order, then the events beyond the reference (the order
 * diagrams list events in).
 */
const events = Object.fromEntries(
  [...PROVIDER_EVENTS, ...PROVIDER_EVENTS_BEYOND_REFERENCE]
    .filter((name) => Object.hasOwn(parts, name))
    .map((name) => [name, parts[name as keyof ProviderEventTable]]),
) as unknown as ProviderEventTable

/** The provider deal machine definition. */
export const providerMachine: MachineDefinition<
  ProviderState,
  ProviderEvent,
  MinerDeal,
  ProviderDealEnvironment
> = defineMachine<ProviderState, ProviderEvent, MinerDeal, ProviderDealEnvironment>({
  id: 'storage-provider',
  states: PROVIDER_STATES,
  stateDescriptions: PROVIDER_STATE_DESCRIPTIONS,
  initial: 'StorageDealUnknown',
  stateField: 'State',
  events,
  entry: PROVIDER_ENTRY_FUNCTIONS,
  final: PROVIDER_FINAL_STATES,
  parked: ['StorageDealActive'],
  restartEvent: { type: 'ProviderEventRestart' },
  failureEvent: providerFailureEvent,
})
