/**
 * The vocabulary of a lifecycle definition: event tables as data, entry functions, and the machine
 * definition that ties them together. Generic: nothing here knows about Filecoin.
 *
 * @module
 */

/** Source selector matching every state that has no clause of its own for the event (go-statemachine's FromAny). */
export const ANY = '*' as const
/** Destination: keep the state and run its entry function again (go-statemachine's ToNoChange). */
export const NO_CHANGE = '=' as const
/** Destination: keep the state, only record the action's changes (go-statemachine's ToJustRecord). */
export const JUST_RECORD = '~' as const

/** Any event: a discriminated union member with a string `type`. */
export interface EventObject {
  readonly type: string
}

/** The record an event table operates on; its state name lives in a field chosen by the definition. */
export type RecordObject = object

/** One clause of an event: from which states it applies and where it leads. */
export interface TransitionClause<S extends string> {
  /** A state, several states, or {@link ANY}. */
  readonly from: S | readonly S[] | typeof ANY
  /** A state, {@link NO_CHANGE} or {@link JUST_RECORD}. */
  readonly to: S | typeof NO_CHANGE | typeof JUST_RECORD
}

/**
 * How one event behaves: its clauses and the action that updates the record.
 *
 * The action receives the record as it is before the event (read-only) and returns the fields to
 * change. It must be pure: it may run again when a transition is recomputed, and if it throws the
 * event is rejected and the record stays exactly as it was.
 */
export interface EventDefinition<S extends string, R, Ev extends EventObject> {
  /** One-line meaning of the event, shown in documentation. */
  readonly description?: string
  readonly transitions: readonly TransitionClause<S>[]
  readonly action?: (record: Readonly<R>, event: Ev) => Partial<R>
}

/** The event table: one definition per event type; key order is declaration order. */
export type EventTable<S extends string, R, E extends EventObject> = {
  readonly [K in E['type']]: EventDefinition<S, R, Extract<E, { type: K }>>
}

/** What an entry function receives. */
export interface EntryContext<R, E extends EventObject, Env> {
  /** The id of the record (for example a proposal CID). */
  readonly id: string
  /** A copy of the record as it was when the state was entered. */
  readonly record: Readonly<R>
  /** The environment shared by every record of the group. */
  readonly env: Env
  /** Aborted when the record leaves the state (or re-enters it), or when the group stops. */
  readonly signal: AbortSignal
  /**
   * Queue an event for this record. Events are applied in the order triggered, one at a time. The
   * promise resolves to `true` once the event is applied and persisted, to `false` if it was
   * dropped: the run was already superseded (its signal aborted), the event is not allowed in the
   * current state, or it could not be persisted. It never rejects; drops are reported to the
   * group's error listeners.
   */
  trigger(event: E): Promise<boolean>
}

/**
 * The function run when a state is entered (and again on {@link NO_CHANGE}). It may trigger any
 * number of events and/or resolve to one final event, which is triggered after it returns. A throw
 * or rejection becomes the definition's failure event, so no record is ever wedged.
 */
export type EntryFunction<R, E extends EventObject, Env> = (
  context: EntryContext<R, E, Env>,
) => Promise<E | undefined | void> | E | undefined | void

/** An entry function with the name under which diagrams and logs show it. */
export interface NamedEntryFunction<R, E extends EventObject, Env> {
  readonly name: string
  readonly run: EntryFunction<R, E, Env>
}

/** Describe a state for documentation and diagrams. */
export interface StateDescription {
  /** Display name (defaults to the state key). */
  readonly name?: string
  /** One-line meaning of the state. */
  readonly description?: string
  /** Identifier used in diagrams instead of the state key (for example a numeric wire code). */
  readonly code?: number
}

/** Everything needed to define a lifecycle. */
export interface MachineSpec<S extends string, E extends EventObject, R, Env> {
  /** Machine id, used for the xstate machine and diagram file names. */
  readonly id: string
  /** Every state, in display order (diagrams sort by this order). */
  readonly states: readonly S[]
  /** Optional display names and descriptions per state. */
  readonly stateDescriptions?: Partial<Record<S, StateDescription>>
  /** The state a record has before its first event. */
  readonly initial: S
  /** The field of the record that holds the state name. */
  readonly stateField: keyof R & string
  /** The event table. */
  readonly events: EventTable<S, R, E>
  /** Entry functions per state. */
  readonly entry: Partial<Record<S, NamedEntryFunction<R, E, Env>>>
  /** States in which a record takes no more events and holds no actor. */
  readonly final: readonly S[]
  /**
   * States in which a record only waits for an outside signal (for example expiry): after the
   * entry function has returned, the record holds no actor and costs only datastore space; an
   * event sent to its id wakes it.
   */
  readonly parked?: readonly S[]
  /** The event sent to every non-final record when a group starts. */
  readonly restartEvent: E
  /** Builds the event triggered when an entry function throws, from the error's message. */
  readonly failureEvent: (message: string, state: S) => E
}
