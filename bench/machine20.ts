/**
 * A generated 20-state lifecycle with 40 generated events (one to the next state and one that
 * jumps 7 states ahead, from every state), plus the restart and failure events a definition needs.
 * Also a hand-written equivalent table (a Map lookup and an object spread) as the floor.
 */
import {
  ANY,
  defineMachine,
  type EntryContext,
  type NamedEntryFunction,
  NO_CHANGE,
} from '../src/fsm/index.ts'

export const STATES = 20
export type S20 = `S${number}`
export type E20 = { type: string; value?: number } & { readonly type: string }
export interface R20 {
  readonly state: S20
  readonly n: number
  readonly note: string
}
export interface Env20 {
  /** Called by every entry function (when entry functions are on). */
  onEntry(id: string, state: S20): void
}

const stateName = (i: number): S20 => `S${i % STATES}`
/** The event that moves a record in state `i` forward: `next` on even steps, `jump` on odd ones. */
export const eventFor = (state: number, step: number): string =>
  step % 2 === 0 ? `next${state}` : `jump${state}`
export const targetOf = (state: number, step: number): number =>
  (step % 2 === 0 ? state + 1 : state + 7) % STATES

export function machine20(options: { entry: boolean; parked?: boolean }) {
  const states = Array.from({ length: STATES }, (_, i) => stateName(i))
  const events: Record<string, unknown> = {}
  for (let i = 0; i < STATES; i++) {
    events[`next${i}`] = {
      transitions: [{ from: stateName(i), to: stateName(i + 1) }],
      action: (_r: R20, e: E20) => ({ n: e.value ?? 0 }),
    }
    events[`jump${i}`] = { transitions: [{ from: stateName(i), to: stateName(i + 7) }] }
  }
  events.restart = { transitions: [{ from: ANY, to: NO_CHANGE }] }
  events.fail = {
    transitions: [{ from: ANY, to: 'S0' }],
    action: (_r: R20, e: E20) => ({ note: String(e.value) }),
  }
  const entry: Partial<Record<S20, NamedEntryFunction<R20, E20, Env20>>> = {}
  if (options.entry) {
    for (const s of states) {
      entry[s] = {
        name: `Enter${s}`,
        run: (ctx: EntryContext<R20, E20, Env20>) => ctx.env.onEntry(ctx.id, s),
      }
    }
  }
  return defineMachine<S20, E20, R20, Env20>({
    id: 'bench20',
    states,
    initial: 'S0',
    stateField: 'state',
    events: events as never,
    entry,
    final: [],
    parked: options.parked === true ? states : [],
    restartEvent: { type: 'restart' },
    failureEvent: (message) => ({ type: 'fail', value: message.length }),
  })
}

/** The hand-written floor: `state|event` -> target state, applied with an object spread. */
export function handTable(): (record: R20, event: E20) => R20 {
  const table = new Map<string, S20>()
  for (let i = 0; i < STATES; i++) {
    table.set(`${stateName(i)}|next${i}`, stateName(i + 1))
    table.set(`${stateName(i)}|jump${i}`, stateName(i + 7))
  }
  return (record, event) => {
    const to = table.get(`${record.state}|${event.type}`)
    if (to === undefined) throw new Error(`no transition ${record.state} ${event.type}`)
    return event.type.startsWith('next')
      ? { ...record, state: to, n: event.value ?? 0 }
      : { ...record, state: to }
  }
}
