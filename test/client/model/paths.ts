import { getShortestPaths } from 'xstate/graph'
import type { ClientEventType, ClientMachine, ClientState } from '../../../src/client/index.ts'
import type { ClientDeal } from '../../../src/market/index.ts'
import { EVENT_TYPES, SAMPLE_EVENTS } from '../sample-events.ts'

/** One transition of the table: an event applied in a (non-final) state. */
export interface Transition {
  readonly from: ClientState
  readonly event: ClientEventType
}

/** A path from a new deal: the events in order, with the state each one is applied in. */
export type TransitionPath = readonly Transition[]

export const transitionKey = (t: Transition): string => `${t.from} + ${t.event}`

/** Every transition the table allows: each event from each state that takes it. */
export function allTransitions(machine: ClientMachine): Transition[] {
  return machine.spec.states.flatMap((from) =>
    EVENT_TYPES.filter((event) => machine.can(from, event)).map((event) => ({ from, event })),
  )
}

// A few transitions need the deal to carry data on the way in, which a traversal that ignores
// the record cannot see: the fastest way into Failing reserves nothing, so nothing is released.
const PREFIXES: Readonly<Record<string, readonly ClientEventType[]>> = {
  'StorageDealFailing + ClientEventFundsReleased': [
    'ClientEventOpen',
    'ClientEventFundingComplete',
    'ClientEventWriteProposalFailed',
  ],
}

/**
 * One path per transition: the shortest way (found by xstate/graph on the compiled machine) to
 * the transition's source state, then the transition itself. A deal only leaves Unknown by Open;
 * the restart from Unknown (a crash between creating and opening a deal) is its own path.
 */
export function transitionPaths(machine: ClientMachine, deal: ClientDeal): TransitionPath[] {
  const shortest = getShortestPaths(machine.machine, {
    input: deal,
    serializeState: (snapshot) => String(snapshot.value),
    serializeEvent: (event) => event.type,
    events: (snapshot) => {
      const state = String(snapshot.value) as ClientState
      return EVENT_TYPES.filter(
        (event) =>
          machine.can(state, event) && !(state === 'StorageDealUnknown' && event === 'ClientEventRestart'),
      ).map((event) => SAMPLE_EVENTS[event])
    },
  })
  const toState = new Map<string, ClientEventType[]>()
  for (const path of shortest) {
    const events = path.steps.map((step) => step.event.type).filter((type) => type !== 'xstate.init')
    toState.set(String(path.state.value), events as ClientEventType[])
  }
  return allTransitions(machine).map((transition) => {
    const prefix = PREFIXES[transitionKey(transition)] ?? toState.get(transition.from)
    if (prefix === undefined) throw new Error(`no path reaches ${transition.from}`)
    return withSources(machine, deal, [...prefix, transition.event])
  })
}

function withSources(
  machine: ClientMachine,
  deal: ClientDeal,
  events: readonly ClientEventType[],
): TransitionPath {
  let record = deal
  return events.map((event) => {
    const from = record.State as ClientState
    record = machine.step('path', record, SAMPLE_EVENTS[event]).record
    return { from, event }
  })
}
