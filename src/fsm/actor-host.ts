import { type AnyActor, type AnyStateMachine, assign, createActor } from 'xstate'
import { ActionFailedError, ActorStoppedError } from '../errors.ts'
import type { MachineDefinition } from './define.ts'
import { type EventObject, JUST_RECORD } from './types.ts'
import { applyActionName, RUN_ENTRY, type RunEntryParams } from './xstate-machine.ts'

/** The outcome of one event applied by an xstate actor. */
export interface ActorStep<S extends string, R> {
  readonly record: R
  readonly state: S
  /** Whether the record left or re-entered its state (false for just-record events). */
  readonly reentered: boolean
  /** The state whose entry function must now run, if any. */
  readonly entry: S | undefined
}

/**
 * Hosts the xstate actors of one machine for a state group. Each live record is an xstate actor
 * of the definition's machine, provided with two kinds of action implementations:
 *
 * - an event's record update is computed before the event is sent (so a throwing action rejects
 *   the event while the actor is untouched) and handed to the actor's `assign` through the host;
 * - the entry marker action records which entry function the transition asks for, instead of
 *   running it: the group runs it after the new record has been persisted.
 */
export class ActorHost<S extends string, E extends EventObject, R, Env> {
  readonly #definition: MachineDefinition<S, E, R, Env>
  readonly #machine: AnyStateMachine
  #patch: Partial<R> | undefined
  #entry: S | undefined

  constructor(definition: MachineDefinition<S, E, R, Env>) {
    this.#definition = definition
    const actions: Record<string, unknown> = {
      [RUN_ENTRY]: (_: unknown, params: RunEntryParams) => {
        this.#entry = params.state as S
      },
    }
    for (const event of definition.table.events())
      actions[applyActionName(event)] = assign(() => (this.#patch ?? {}) as never)
    this.#machine = definition.machine.provide({ actions } as never)
  }

  /** A started actor holding `record` in its state, without running any entry action. */
  spawn(record: R): AnyActor {
    const snapshot = this.#machine.resolveState({
      value: this.#definition.stateOf(record),
      context: record as never,
    })
    return createActor(this.#machine, { snapshot } as never).start()
  }

  /**
   * Apply an event the table allows from the record's state.
   *
   * @throws {@link ActionFailedError} when the event's action throws; the actor is not touched
   */
  apply(id: string, actor: AnyActor, record: R, event: E): ActorStep<S, R> {
    const action = (
      this.#definition.spec.events as unknown as Record<string, { action?: (r: R, e: E) => Partial<R> }>
    )[event.type]?.action
    try {
      this.#patch = action?.(record, event)
    } catch (cause) {
      throw new ActionFailedError(id, event.type, { cause })
    }
    // A stopped actor would ignore the event while the group went on to persist it.
    if (actor.getSnapshot().status !== 'active') throw new ActorStoppedError(id)
    this.#entry = undefined
    actor.send(event)
    const snapshot = actor.getSnapshot() as { value: unknown; context: unknown }
    this.#patch = undefined
    const entry = this.#entry
    this.#entry = undefined
    return {
      record: snapshot.context as R,
      state: snapshot.value as S,
      reentered: this.#definition.table.resolve(event.type, this.#definition.stateOf(record)) !== JUST_RECORD,
      entry,
    }
  }
}
