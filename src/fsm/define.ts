import { type AnyStateMachine, transition } from 'xstate'
import { ActionFailedError, InvalidTransitionError } from '../errors.ts'
import { buildTransitionTable, type TransitionTable } from './event-table.ts'
import { type EventObject, JUST_RECORD, type MachineSpec, type NamedEntryFunction } from './types.ts'
import { compileMachine, RUN_ENTRY, type RunEntryParams } from './xstate-machine.ts'

/** The outcome of applying one event to a record. */
export interface Step<S extends string, R> {
  /** The record after the event, with its state field set. */
  readonly record: R
  readonly state: S
  /** Whether the record left (or re-entered) its state; false for just-record events. */
  readonly reentered: boolean
  /** The state whose entry function must now run, if any. */
  readonly entry: S | undefined
}

/**
 * A validated lifecycle: the spec, its resolved event table and the xstate machine compiled from
 * it. Build one with {@link defineMachine}; run records through it with a `StateGroup`.
 */
export class MachineDefinition<S extends string, E extends EventObject, R, Env> {
  readonly spec: MachineSpec<S, E, R, Env>
  readonly table: TransitionTable<S>
  /** The xstate v5 machine (context = the record); use it with xstate's tools, e.g. `xstate/graph`. */
  readonly machine: AnyStateMachine
  readonly #final: ReadonlySet<string>
  readonly #parked: ReadonlySet<string>

  constructor(spec: MachineSpec<S, E, R, Env>) {
    this.spec = spec
    this.table = buildTransitionTable(spec)
    this.machine = compileMachine(spec, this.table)
    this.#final = new Set(spec.final)
    this.#parked = new Set(spec.parked ?? [])
  }

  get id(): string {
    return this.spec.id
  }

  isFinal(state: string): boolean {
    return this.#final.has(state)
  }

  isParked(state: string): boolean {
    return this.#parked.has(state)
  }

  stateOf(record: R): S {
    return record[this.spec.stateField] as S
  }

  entryFunction(state: S): NamedEntryFunction<R, E, Env> | undefined {
    return this.spec.entry[state]
  }

  /** Whether `event` may be applied to a record in `state`. */
  can(state: S, event: string): boolean {
    return !this.isFinal(state) && this.table.resolve(event, state) !== undefined
  }

  /**
   * Apply one event to a record with the xstate machine, without side effects.
   *
   * @throws {@link InvalidTransitionError} when the event is not allowed in the record's state
   * @throws {@link ActionFailedError} when the event's action throws; the record is untouched
   */
  step(id: string, record: R, event: E): Step<S, R> {
    const state = this.stateOf(record)
    if (!this.can(state, event.type)) throw new InvalidTransitionError(id, state, event.type)
    const snapshot = this.machine.resolveState({ value: state, context: record as never })
    let next: { value: unknown; context: unknown }
    let actions: { type: string; params?: unknown }[]
    try {
      ;[next, actions] = transition(this.machine, snapshot, event as never) as unknown as [
        { value: unknown; context: unknown },
        { type: string; params?: unknown }[],
      ]
    } catch (cause) {
      throw new ActionFailedError(id, event.type, { cause })
    }
    const entry = actions.find((a) => a.type === RUN_ENTRY)?.params as RunEntryParams | undefined
    return {
      record: next.context as R,
      state: next.value as S,
      reentered: this.table.resolve(event.type, state) !== JUST_RECORD,
      entry: entry?.state as S | undefined,
    }
  }
}

/**
 * Define a lifecycle. The spec is validated at once: an unknown state anywhere, a source declared
 * twice for one event, a restart event missing from the table, or a state with an entry function
 * from which the failure event is not allowed, all throw `InvalidDefinitionError`.
 *
 * @example
 * const machine = defineMachine({
 *   id: 'door', states: ['Closed', 'Open', 'Gone'], initial: 'Closed', stateField: 'state',
 *   events: {
 *     Opened: { transitions: [{ from: 'Closed', to: 'Open' }] },
 *     Broken: { transitions: [{ from: ANY, to: 'Gone' }], action: (_r, e) => ({ why: e.why }) },
 *     Restart: { transitions: [{ from: ANY, to: NO_CHANGE }] },
 *   },
 *   entry: {}, final: ['Gone'], restartEvent: { type: 'Restart' },
 *   failureEvent: (why) => ({ type: 'Broken', why }),
 * })
 */
export function defineMachine<S extends string, E extends EventObject, R, Env>(
  spec: MachineSpec<S, E, R, Env>,
): MachineDefinition<S, E, R, Env> {
  return new MachineDefinition(spec)
}

/** A machine definition of any lifecycle, for code that handles several (diagrams, tooling). */
// biome-ignore lint/suspicious/noExplicitAny: states, events, records and environments differ per lifecycle
export type AnyMachineDefinition = MachineDefinition<any, any, any, any>
