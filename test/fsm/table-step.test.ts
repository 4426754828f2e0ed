import { describe, expect, it } from 'vitest'
import { CLIENT_STATES, createClientMachine } from '../../src/client/index.ts'
import type { MachineDefinition } from '../../src/fsm/define.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import { tableStep } from '../../src/fsm/table-step.ts'
import type { EventObject } from '../../src/fsm/types.ts'
import type { ClientDeal } from '../../src/market/index.ts'
import { makeDeal } from '../client/fixtures.ts'
import { EVENT_TYPES, SAMPLE_EVENTS } from '../client/sample-events.ts'
import { type ExampleEvent, type ExampleRecord, exampleMachine } from './example-machine.ts'

/** Either the step's outcome or the class name of what it threw. */
function outcome(step: () => unknown): unknown {
  try {
    return step()
  } catch (error) {
    return (error as Error).constructor.name
  }
}

/** tableStep (the restart path) must agree with the xstate machine on every state and event. */
function expectSameAsXstate<S extends string, E extends EventObject, R, Env>(
  definition: MachineDefinition<S, E, R, Env>,
  record: R,
  event: E,
): void {
  const xstate = outcome(() => definition.step('id', record, event))
  const table = outcome(() => tableStep(definition, 'id', record, event))
  if (typeof xstate === 'string') expect(table).toBe(xstate)
  else {
    const { changed, ...step } = table as { changed: boolean }
    expect(step).toEqual(xstate)
    if (!changed) expect((table as { record: R }).record).toBe(record)
  }
}

const EXAMPLE_EVENTS: ExampleEvent[] = [
  { type: 'start' },
  { type: 'b', value: 7 },
  { type: 'restart' },
  { type: 'resume' },
  { type: 'justrecord' },
  { type: 'any' },
  { type: 'finish' },
  { type: 'fail', message: 'no' },
  { type: 'park' },
  { type: 'wake' },
  { type: 'boom' },
]

describe('tableStep', () => {
  it('gives the xstate machine outcome for every state and event of the example machine', () => {
    for (const state of exampleMachine.spec.states) {
      const record: ExampleRecord = { state, b: 3, message: 'm' }
      for (const event of EXAMPLE_EVENTS) expectSameAsXstate(exampleMachine, record, event)
    }
  })

  it('gives the xstate machine outcome for every state and event of the client machine', async () => {
    const machine = createClientMachine(new VirtualClock(1_000))
    for (const state of CLIENT_STATES) {
      const deal: ClientDeal = await makeDeal(state)
      for (const type of EVENT_TYPES) expectSameAsXstate(machine, deal, SAMPLE_EVENTS[type])
    }
  })

  it('returns the record itself, unchanged, for a no-change event without an action', () => {
    const record: ExampleRecord = { state: 'Two', b: 1, message: '' }
    const step = tableStep(exampleMachine, 'id', record, { type: 'restart' })
    expect(step).toEqual({ record, state: 'Two', reentered: true, entry: 'Two', changed: false })
    expect(step.record).toBe(record)
  })
})
