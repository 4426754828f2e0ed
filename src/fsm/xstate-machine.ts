import { type AnyStateMachine, assign, createMachine } from 'xstate'
import type { TransitionTable } from './event-table.ts'
import { type EventObject, JUST_RECORD, type MachineSpec, NO_CHANGE } from './types.ts'

/** Name of the xstate action that marks "run this state's entry function". */
export const RUN_ENTRY = 'runEntry'

/** Name of the xstate action that applies an event's record update. */
export const applyActionName = (event: string): string => `apply:${event}`

/** Parameters of the {@link RUN_ENTRY} action. */
export interface RunEntryParams {
  readonly state: string
  readonly name: string
}

/**
 * Compile a validated spec to an xstate v5 machine whose context is the record itself.
 *
 * - `To(d)` and no-change become re-entering transitions (`reenter: true`), so the target's entry
 *   actions run again, exactly as go-statemachine re-runs the entry function;
 * - just-record becomes a targetless transition that only assigns;
 * - any-state clauses are expanded onto every non-final state lacking its own clause, which gives
 *   specific sources precedence and keeps final states deaf;
 * - every state's entry sets the record's state field and, when the state has an entry function,
 *   carries a {@link RUN_ENTRY} action naming it. The engine never lets xstate execute it: it reads
 *   it from the actions xstate's pure `transition()` returns and runs the function itself, after the
 *   new record has been persisted.
 */
export function compileMachine<S extends string, E extends EventObject, R, Env>(
  spec: MachineSpec<S, E, R, Env>,
  table: TransitionTable<S>,
): AnyStateMachine {
  const final = new Set<string>(spec.final)
  const actionFor = (event: string): { type: string } | undefined => {
    const definition = (spec.events as Record<string, { action?: unknown }>)[event]
    return definition?.action === undefined ? undefined : { type: applyActionName(event) }
  }
  const actions: Record<string, unknown> = { [RUN_ENTRY]: () => undefined }
  for (const [event, definition] of Object.entries(spec.events) as [
    string,
    { action?: (record: R, event: E) => Partial<R> },
  ][]) {
    const action = definition.action
    if (action === undefined) continue
    actions[applyActionName(event)] = assign(
      ({ context, event: e }: { context: R; event: E }) => action(context, e) as never,
    )
  }

  const states: Record<string, unknown> = {}
  for (const state of spec.states) {
    const entryFunction = spec.entry[state]
    const entry: unknown[] = [assign({ [spec.stateField]: state } as never)]
    if (entryFunction !== undefined) {
      entry.push({ type: RUN_ENTRY, params: { state, name: entryFunction.name } satisfies RunEntryParams })
    }
    const on: Record<string, unknown> = {}
    if (!final.has(state)) {
      for (const event of table.events()) {
        const destination = table.resolve(event, state)
        if (destination === undefined) continue
        const action = actionFor(event)
        const transitionActions = action === undefined ? [] : [action]
        on[event] =
          destination === JUST_RECORD
            ? { actions: transitionActions }
            : {
                target: destination === NO_CHANGE ? state : destination,
                reenter: true,
                actions: transitionActions,
              }
      }
    }
    const description = spec.stateDescriptions?.[state]?.description
    states[state] = {
      ...(final.has(state) ? { type: 'final' } : {}),
      ...(description === undefined ? {} : { description }),
      entry,
      on,
    }
  }

  return createMachine(
    {
      id: spec.id,
      initial: spec.initial,
      context: ({ input }: { input: unknown }) => (input ?? {}) as never,
      states,
    } as never,
    { actions } as never,
  ) as unknown as AnyStateMachine
}
