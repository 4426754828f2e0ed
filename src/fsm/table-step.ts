import { ActionFailedError, InvalidTransitionError } from '../errors.ts'
import type { MachineDefinition, Step } from './define.ts'
import { type EventObject, JUST_RECORD, NO_CHANGE } from './types.ts'

/** A {@link Step} computed from the event table, and whether the record differs from the one given. */
export interface TableStep<S extends string, R> extends Step<S, R> {
  /** False when the record is the very object given: no action ran and the state stays. */
  readonly changed: boolean
}

/**
 * Apply one event to a record with the resolved event table alone, without xstate: the same
 * outcome as {@link MachineDefinition.step} on the compiled machine (the event's action patch
 * merged into the record, then the destination's state name set unless the event only records;
 * the destination's entry function asked for unless the event only records), at the cost of a few
 * map lookups. When no action runs and the state stays, the record given is returned as is.
 *
 * @throws {@link InvalidTransitionError} when the event is not allowed in the record's state
 * @throws {@link ActionFailedError} when the event's action throws; the record is untouched
 */
export function tableStep<S extends string, E extends EventObject, R, Env>(
  definition: MachineDefinition<S, E, R, Env>,
  id: string,
  record: R,
  event: E,
): TableStep<S, R> {
  const state = definition.stateOf(record)
  const destination = definition.isFinal(state) ? undefined : definition.table.resolve(event.type, state)
  if (destination === undefined) throw new InvalidTransitionError(id, state, event.type)
  const action = (
    definition.spec.events as unknown as Record<string, { action?: (r: R, e: E) => Partial<R> }>
  )[event.type]?.action
  let patch: Partial<R> | undefined
  if (action !== undefined) {
    try {
      patch = action(record, event)
    } catch (cause) {
      throw new ActionFailedError(id, event.type, { cause })
    }
  }
  const reentered = destination !== JUST_RECORD
  const target = destination === JUST_RECORD || destination === NO_CHANGE ? state : destination
  const entry = reentered && definition.entryFunction(target) !== undefined ? target : undefined
  if (action === undefined && target === state) return { record, state, reentered, entry, changed: false }
  const merged = { ...record, ...patch } as R
  const next = reentered ? ({ ...merged, [definition.spec.stateField]: target } as R) : merged
  return { record: next, state: target, reentered, entry, changed: true }
}
