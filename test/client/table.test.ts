import { describe, expect, it } from 'vitest'
import {
  CLIENT_FINAL_STATES,
  CLIENT_STATES,
  type ClientEventType,
  createClientMachine,
} from '../../src/client/index.ts'
import { InvalidTransitionError } from '../../src/errors.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import { makeDeal } from './fixtures.ts'
import { EVENT_TYPES, full, SAMPLE_EVENTS, type Short } from './sample-events.ts'

// The expected table, written out from client-fsm.md §3 with the documented differences
// (docs/differences.md, client section). '=' re-runs the entry function, '~' only records.
type Row = readonly [from: Short | readonly Short[], to: Short | '=' | '~']
const NON_FINAL: readonly Short[] = [
  'Unknown',
  'ReserveClientFunds',
  'ClientFunding',
  'FundsReserved',
  'StartDataTransfer',
  'TransferQueued',
  'Transferring',
  'ClientTransferRestart',
  'CheckForAcceptance',
  'ProposalAccepted',
  'AwaitingPreCommit',
  'Sealing',
  'Active',
  'Failing',
]
const EXPECTED: Record<ClientEventType, readonly Row[]> = {
  ClientEventOpen: [['Unknown', 'ReserveClientFunds']],
  ClientEventReserveFundsFailed: [[['ClientFunding', 'ReserveClientFunds'], 'Failing']],
  ClientEventFundingInitiated: [['ReserveClientFunds', 'ClientFunding']],
  ClientEventFundsReserved: [['ReserveClientFunds', '~']],
  ClientEventFundsReleased: [[['ProposalAccepted', 'Failing', 'Active'], '~']],
  ClientEventFundingComplete: [[['ReserveClientFunds', 'ClientFunding'], 'FundsReserved']],
  ClientEventWriteProposalFailed: [['FundsReserved', 'Failing']],
  ClientEventInitiateDataTransfer: [['FundsReserved', 'StartDataTransfer']],
  ClientEventDataTransferInitiated: [['TransferQueued', 'Transferring']],
  ClientEventDataTransferRestarted: [
    [['ClientTransferRestart', 'StartDataTransfer', 'TransferQueued'], 'Transferring'],
    ['Transferring', '~'],
  ],
  ClientEventDataTransferComplete: [
    [['Transferring', 'StartDataTransfer', 'TransferQueued'], 'CheckForAcceptance'],
  ],
  ClientEventWaitForDealState: [['CheckForAcceptance', '=']],
  ClientEventDataTransferFailed: [[['StartDataTransfer', 'Transferring', 'TransferQueued'], 'Failing']],
  ClientEventDataTransferRestartFailed: [['ClientTransferRestart', 'Failing']],
  ClientEventReadResponseFailed: [['FundsReserved', 'Failing']],
  ClientEventResponseVerificationFailed: [['FundsReserved', 'Failing']],
  ClientEventResponseDealDidNotMatch: [[['CheckForAcceptance', 'FundsReserved'], 'Failing']],
  ClientEventUnexpectedDealState: [['FundsReserved', 'Failing']],
  ClientEventStreamCloseError: [['FundsReserved', 'Failing']],
  ClientEventDealRejected: [['CheckForAcceptance', 'Failing']],
  ClientEventDealAccepted: [['CheckForAcceptance', 'ProposalAccepted']],
  ClientEventDealPublishFailed: [['ProposalAccepted', 'Failing']],
  ClientEventDealPublished: [['ProposalAccepted', 'AwaitingPreCommit']],
  ClientEventDealPrecommitFailed: [['AwaitingPreCommit', 'Failing']],
  ClientEventDealPrecommitted: [['AwaitingPreCommit', 'Sealing']],
  ClientEventDealActivationFailed: [['Sealing', 'Failing']],
  ClientEventDealActivated: [[['AwaitingPreCommit', 'Sealing'], 'Active']],
  ClientEventDealCompletionFailed: [['Active', 'Failing']],
  ClientEventDealExpired: [['Active', 'Expired']],
  ClientEventDealSlashed: [['Active', 'Slashed']],
  ClientEventFailed: [['Failing', 'Error']],
  ClientEventRestart: [
    [['Transferring', 'TransferQueued'], 'ClientTransferRestart'],
    ['Unknown', 'ReserveClientFunds'],
    [NON_FINAL.filter((s) => !['Transferring', 'TransferQueued', 'Unknown'].includes(s)), '='],
  ],
  ClientEventDataTransferStalled: [[['Transferring', 'TransferQueued'], 'Failing']],
  ClientEventDataTransferCancelled: [
    [['StartDataTransfer', 'Transferring', 'ClientTransferRestart', 'TransferQueued'], 'Failing'],
  ],
  ClientEventDataTransferQueued: [['StartDataTransfer', 'TransferQueued']],
}

function expectedFrom(event: ClientEventType, state: string): string | undefined {
  for (const [from, to] of EXPECTED[event]) {
    const sources = (typeof from === 'string' ? [from] : from).map(full)
    if ((sources as string[]).includes(state)) return to === '=' || to === '~' ? to : full(to)
  }
  return undefined
}

const machine = createClientMachine(new VirtualClock())
const pairs = CLIENT_STATES.flatMap((state) => EVENT_TYPES.map((event) => [state, event] as const))

describe('client event table', () => {
  it('declares exactly the v1.28.3 events and the expected finality list', () => {
    expect(machine.table.events()).toEqual(EVENT_TYPES)
    expect(machine.spec.final).toEqual(['StorageDealSlashed', 'StorageDealExpired', 'StorageDealError'])
    expect(CLIENT_FINAL_STATES).toEqual(machine.spec.final)
  })

  it.each(pairs)('%s + %s', async (state, event) => {
    const deal = Object.freeze(await makeDeal(state))
    const expected = expectedFrom(event, state)
    if (expected === undefined) {
      expect(() => machine.step('d', deal, SAMPLE_EVENTS[event])).toThrow(InvalidTransitionError)
      expect(deal.State).toBe(state)
      return
    }
    const step = machine.step('d', deal, SAMPLE_EVENTS[event])
    expect(step.state).toBe(expected === '=' || expected === '~' ? state : expected)
    expect(step.record.State).toBe(step.state)
    expect(step.reentered).toBe(expected !== '~')
    const runsEntry = machine.entryFunction(step.state) !== undefined && expected !== '~'
    expect(step.entry !== undefined).toBe(runsEntry)
  })

  it('allows exactly the transitions of the expected table', () => {
    let allowed = 0
    for (const [state, event] of pairs) if (machine.can(state, event)) allowed++
    let expected = 0
    for (const [state, event] of pairs) if (expectedFrom(event, state) !== undefined) expected++
    expect(allowed).toBe(expected)
    expect(allowed).toBe(65)
  })
})
