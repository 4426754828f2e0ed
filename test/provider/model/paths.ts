import type { AnyMachineSnapshot } from 'xstate'
import { getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph'
import { JUST_RECORD, NO_CHANGE } from '../../../src/fsm/index.ts'
import type { MinerDeal } from '../../../src/market/index.ts'
import {
  PROVIDER_FINAL_STATES,
  PROVIDER_STATES,
  type ProviderEvent,
  type ProviderState,
  providerMachine,
} from '../../../src/provider/index.ts'
import { sampleEvent } from '../samples.ts'

/** One transition of the table: an event taken from a state. */
export interface Transition {
  readonly from: ProviderState
  readonly event: string
}

/** A key naming a transition. */
export const keyOf = (t: Transition): string => `${t.from} --${t.event}-->`

/** Every transition of the provider table, with any-state clauses expanded onto their states. */
export function tableTransitions(): Transition[] {
  const transitions: Transition[] = []
  for (const from of PROVIDER_STATES) {
    if ((PROVIDER_FINAL_STATES as readonly string[]).includes(from)) continue
    for (const event of providerMachine.table.events()) {
      if (providerMachine.table.resolve(event, from) !== undefined) transitions.push({ from, event })
    }
  }
  return transitions
}

/** Where `event` takes a deal in `from`. */
export function destination(t: Transition): ProviderState {
  const to = providerMachine.table.resolve(t.event, t.from)
  return to === undefined || to === NO_CHANGE || to === JUST_RECORD ? t.from : to
}

type Path = StatePath<AnyMachineSnapshot, ProviderEvent>

/** A path's transitions, from the initial state. */
function transitionsOf(path: Path): Transition[] {
  const out: Transition[] = []
  let from: ProviderState = 'StorageDealUnknown'
  for (const step of path.steps) {
    if (step.event.type.startsWith('xstate.')) continue
    out.push({ from, event: step.event.type })
    from = String(step.state.value) as ProviderState
  }
  return out
}

/**
 * Transitions whose entry function only produces the event with the right record: releasing
 * collateral needs a reservation that was not released at publish; a piece-file error needs an
 * imported piece.
 */
const REQUIREMENTS: Record<string, (path: readonly Transition[]) => boolean> = {
  'StorageDealFailing --ProviderEventFundsReleased-->': holdsCollateral,
  'StorageDealStaged --ProviderEventFileStoreErrored-->': (path) =>
    path.some((t) => t.from === 'StorageDealWaitingForData' && t.event === 'ProviderEventVerifiedData'),
}

function holdsCollateral(path: readonly Transition[]): boolean {
  const reserved = path.some(
    (t) => t.from === 'StorageDealReserveProviderFunds' && t.event !== 'ProviderEventNodeErrored',
  )
  return reserved && !path.some((t) => t.event === 'ProviderEventDealPublished')
}

/**
 * Paths generated with xstate/graph on the machine definition that together take every
 * transition: for each transition, the shortest generated path to its source state that meets
 * its requirement, extended by the transition. Paths whose transitions all lie on a longer chosen
 * path are dropped.
 */
export function coveringPaths(input: MinerDeal): Transition[][] {
  const options = {
    events: providerMachine.table.events().map(sampleEvent),
    input,
    serializeState: (snapshot: AnyMachineSnapshot) => String(snapshot.value),
    serializeEvent: (event: ProviderEvent) => event.type,
  }
  const generated = [
    ...getShortestPaths(providerMachine.machine, options as never),
    ...getSimplePaths(providerMachine.machine, options as never),
  ].map((path) => transitionsOf(path as Path))
  const candidates = tableTransitions().map((t) => {
    const requirement = REQUIREMENTS[keyOf(t)] ?? (() => true)
    // Deals start from a proposal; only the restart of an unopened deal starts from a stored record.
    const opened = (p: readonly Transition[]) => p.length === 0 || p[0]?.event === 'ProviderEventOpen'
    const prefixes = generated.filter((p) => endsIn(p, t.from) && requirement(p) && opened(p))
    const prefix = prefixes.sort((a, b) => a.length - b.length)[0]
    if (prefix === undefined) throw new Error(`no generated path reaches ${keyOf(t)}`)
    return [...prefix, t]
  })
  const chosen: Transition[][] = []
  const covered = new Set<string>()
  for (const path of candidates.sort((a, b) => b.length - a.length)) {
    if (path.every((t) => covered.has(keyOf(t)))) continue
    chosen.push(path)
    for (const t of path) covered.add(keyOf(t))
  }
  return chosen
}

function endsIn(path: readonly Transition[], state: ProviderState): boolean {
  const last = path.at(-1)
  return (last === undefined ? 'StorageDealUnknown' : destination(last)) === state
}
