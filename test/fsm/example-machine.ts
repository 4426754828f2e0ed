import { ANY, defineMachine, type EntryContext, JUST_RECORD, NO_CHANGE } from '../../src/fsm/index.ts'

/**
 * A small machine in the image of go-statemachine's own test machine: states Zero -> One -> Two ->
 * Three (final), with record-only, no-change and any-state events, plus a parked state.
 */
export type ExampleState = 'Zero' | 'One' | 'Two' | 'Three' | 'Parked'

export interface ExampleRecord {
  readonly state: ExampleState
  readonly b: number
  readonly message: string
}

export type ExampleEvent =
  | { type: 'start' }
  | { type: 'b'; value: number }
  | { type: 'restart' }
  | { type: 'resume' }
  | { type: 'justrecord' }
  | { type: 'any' }
  | { type: 'finish' }
  | { type: 'fail'; message: string }
  | { type: 'park' }
  | { type: 'wake' }
  | { type: 'boom' }

type Ctx = EntryContext<ExampleRecord, ExampleEvent, ExampleEnv>

/** What the example's entry functions do is up to each test. */
export interface ExampleEnv {
  one?: (ctx: Ctx) => Promise<ExampleEvent | undefined | void> | ExampleEvent | undefined | void
  two?: (ctx: Ctx) => Promise<ExampleEvent | undefined | void> | ExampleEvent | undefined | void
  parked?: (ctx: Ctx) => Promise<ExampleEvent | undefined | void> | ExampleEvent | undefined | void
  /** Every entry run, in order: state and the record's `b` as the function saw it. */
  readonly runs: { state: ExampleState; b: number }[]
}

export function exampleEnv(overrides: Partial<ExampleEnv> = {}): ExampleEnv {
  return { runs: [], ...overrides }
}

export const exampleMachine = defineMachine<ExampleState, ExampleEvent, ExampleRecord, ExampleEnv>({
  id: 'example',
  states: ['Zero', 'One', 'Two', 'Three', 'Parked'],
  stateDescriptions: { Three: { description: 'finished' } },
  initial: 'Zero',
  stateField: 'state',
  events: {
    start: { transitions: [{ from: 'Zero', to: 'One' }] },
    b: { transitions: [{ from: ['One', 'Two'], to: 'Two' }], action: (_r, e) => ({ b: e.value }) },
    restart: { transitions: [{ from: ANY, to: NO_CHANGE }] },
    resume: {
      transitions: [
        { from: 'Parked', to: 'Two' },
        { from: ANY, to: NO_CHANGE },
      ],
    },
    justrecord: { transitions: [{ from: ANY, to: JUST_RECORD }], action: () => ({ b: 1_000_000 }) },
    any: { transitions: [{ from: ANY, to: 'One' }] },
    finish: { transitions: [{ from: ['One', 'Two'], to: 'Three' }] },
    fail: { transitions: [{ from: ANY, to: 'Three' }], action: (_r, e) => ({ message: e.message }) },
    park: { transitions: [{ from: 'Two', to: 'Parked' }] },
    wake: { transitions: [{ from: 'Parked', to: 'Two' }] },
    boom: {
      transitions: [{ from: 'Two', to: 'Three' }],
      action: () => {
        throw new Error('the action failed')
      },
    },
  },
  entry: {
    One: {
      name: 'EnterOne',
      run: (ctx) => {
        ctx.env.runs.push({ state: 'One', b: ctx.record.b })
        return ctx.env.one?.(ctx)
      },
    },
    Two: {
      name: 'EnterTwo',
      run: (ctx) => {
        ctx.env.runs.push({ state: 'Two', b: ctx.record.b })
        return ctx.env.two?.(ctx)
      },
    },
    Parked: {
      name: 'WatchParked',
      run: (ctx) => {
        ctx.env.runs.push({ state: 'Parked', b: ctx.record.b })
        return ctx.env.parked?.(ctx)
      },
    },
  },
  final: ['Three'],
  parked: ['Parked'],
  restartEvent: { type: 'restart' },
  failureEvent: (message) => ({ type: 'fail', message }),
})

export const newRecord = (): ExampleRecord => ({ state: 'Zero', b: 0, message: '' })
