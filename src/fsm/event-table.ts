import { InvalidDefinitionError } from '../errors.ts'
import { ANY, type EventObject, JUST_RECORD, type MachineSpec, NO_CHANGE } from './types.ts'

/** Where an event leads from one source: a state, no-change or just-record. */
export type Destination<S extends string> = S | typeof NO_CHANGE | typeof JUST_RECORD

/**
 * The event table resolved for lookups: event type -> source state (or {@link ANY}) -> destination.
 * A specific source always wins over ANY, as in go-statemachine.
 */
export class TransitionTable<S extends string> {
  readonly #byEvent: Map<string, Map<string, Destination<S>>>

  constructor(byEvent: Map<string, Map<string, Destination<S>>>) {
    this.#byEvent = byEvent
  }

  /** The destination of `event` from `state`, or undefined when the event is not allowed there. */
  resolve(event: string, state: S): Destination<S> | undefined {
    const sources = this.#byEvent.get(event)
    if (sources === undefined) return undefined
    return sources.get(state) ?? sources.get(ANY)
  }

  /** Whether the event type is declared at all. */
  has(event: string): boolean {
    return this.#byEvent.has(event)
  }

  /** Event types in declaration order. */
  events(): string[] {
    return [...this.#byEvent.keys()]
  }

  /** The clauses of one event: source (a state or ANY) -> destination, in declaration order. */
  clauses(event: string): ReadonlyMap<string, Destination<S>> {
    return this.#byEvent.get(event) ?? new Map()
  }
}

/**
 * Validate a spec's event table and resolve it. Every problem go-statemachine reports when a group
 * is built (and that the type system does not already exclude) is reported here, with a typed
 * {@link InvalidDefinitionError}, when the machine is defined.
 */
export function buildTransitionTable<S extends string, E extends EventObject, R, Env>(
  spec: MachineSpec<S, E, R, Env>,
): TransitionTable<S> {
  const known = new Set<string>(spec.states)
  if (known.size !== spec.states.length) fail(`machine ${spec.id} lists a state twice`)
  const checkState = (state: string, where: string): void => {
    if (!known.has(state)) fail(`${where} names the unknown state ${state}`)
  }
  checkState(spec.initial, 'initial')
  for (const s of spec.final) checkState(s, 'final states')
  for (const s of spec.parked ?? []) {
    checkState(s, 'parked states')
    if (spec.final.includes(s)) fail(`state ${s} cannot be both final and parked`)
  }
  for (const s of Object.keys(spec.entry)) checkState(s, 'entry functions')
  for (const s of Object.keys(spec.stateDescriptions ?? {})) checkState(s, 'state descriptions')

  const byEvent = new Map<string, Map<string, Destination<S>>>()
  for (const [event, definition] of Object.entries(spec.events) as [string, { transitions: unknown }][]) {
    const transitions = definition.transitions as MachineSpec<
      S,
      E,
      R,
      Env
    >['events'][E['type']]['transitions']
    if (!Array.isArray(transitions) || transitions.length === 0) fail(`event ${event} has no transitions`)
    const sources = new Map<string, Destination<S>>()
    for (const clause of transitions) {
      if (clause.to !== NO_CHANGE && clause.to !== JUST_RECORD) checkState(clause.to, `event ${event}`)
      const froms: readonly string[] =
        clause.from === ANY ? [ANY] : typeof clause.from === 'string' ? [clause.from] : clause.from
      for (const from of froms) {
        if (from !== ANY) checkState(from, `event ${event}`)
        if (sources.has(from)) {
          fail(
            from === ANY
              ? `any-source clause declared twice for event ${event}`
              : `source ${from} declared twice for event ${event}`,
          )
        }
        sources.set(from, clause.to)
      }
    }
    byEvent.set(event, sources)
  }
  const table = new TransitionTable<S>(byEvent)

  if (!table.has(spec.restartEvent.type)) fail(`restart event ${spec.restartEvent.type} is not in the table`)
  // A throwing entry function must always have somewhere to go, or the record would be wedged.
  for (const state of Object.keys(spec.entry) as S[]) {
    const failure = spec.failureEvent('probe', state)
    if (table.resolve(failure.type, state) === undefined) {
      fail(`failure event ${failure.type} is not allowed from state ${state}, which has an entry function`)
    }
  }
  return table
}

function fail(message: string): never {
  throw new InvalidDefinitionError(message)
}
