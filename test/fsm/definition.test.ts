import { describe, expect, it } from 'vitest'
import { InvalidDefinitionError } from '../../src/errors.ts'
import { ANY, defineMachine, type MachineSpec, NO_CHANGE } from '../../src/fsm/index.ts'

type S = 'A' | 'B' | 'C'
type E = { type: 'go' } | { type: 'restart' } | { type: 'fail'; message: string }
type Spec = MachineSpec<S, E, { state: S }, undefined>

const valid: Spec = {
  id: 'def',
  states: ['A', 'B', 'C'],
  initial: 'A',
  stateField: 'state',
  events: {
    go: { transitions: [{ from: 'A', to: 'B' }] },
    restart: { transitions: [{ from: ANY, to: NO_CHANGE }] },
    fail: { transitions: [{ from: ANY, to: 'C' }] },
  },
  entry: { B: { name: 'RunB', run: () => undefined } },
  final: ['C'],
  restartEvent: { type: 'restart' },
  failureEvent: (message) => ({ type: 'fail', message }),
}

function rejects(spec: Spec, text: RegExp): void {
  let caught: unknown
  try {
    defineMachine(spec)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InvalidDefinitionError)
  expect((caught as InvalidDefinitionError).code).toBe('ERR_INVALID_DEFINITION')
  expect((caught as Error).message).toMatch(text)
}

const bad = (state: string): S => state as S

describe('defineMachine', () => {
  it('accepts a consistent table', () => {
    expect(defineMachine(valid).id).toBe('def')
  })

  it('rejects an unknown source state', () => {
    rejects(
      { ...valid, events: { ...valid.events, go: { transitions: [{ from: bad('X'), to: 'B' }] } } },
      /unknown state X/,
    )
  })

  it('rejects an unknown destination state', () => {
    rejects(
      { ...valid, events: { ...valid.events, go: { transitions: [{ from: 'A', to: bad('Y') }] } } },
      /unknown state Y/,
    )
  })

  it('rejects two destinations for one source of an event', () => {
    const go = {
      transitions: [
        { from: 'A' as const, to: 'B' as const },
        { from: ['B' as const, 'A' as const], to: 'C' as const },
      ],
    }
    rejects({ ...valid, events: { ...valid.events, go } }, /source A declared twice for event go/)
  })

  it('rejects two any-source clauses for one event', () => {
    const restart = {
      transitions: [
        { from: ANY, to: NO_CHANGE },
        { from: ANY, to: 'C' as const },
      ],
    }
    rejects({ ...valid, events: { ...valid.events, restart } }, /any-source clause declared twice/)
  })

  it('rejects an event without clauses', () => {
    rejects({ ...valid, events: { ...valid.events, go: { transitions: [] } } }, /event go has no transitions/)
  })

  it('rejects unknown initial, final, parked and entry states', () => {
    rejects({ ...valid, initial: bad('Q') }, /initial names the unknown state Q/)
    rejects({ ...valid, final: [bad('Q')] }, /final states names the unknown state Q/)
    rejects({ ...valid, parked: [bad('Q')] }, /parked states names the unknown state Q/)
    rejects(
      { ...valid, entry: { [bad('Q')]: { name: 'X', run: () => undefined } } },
      /entry functions names the unknown state Q/,
    )
  })

  it('rejects a state that is both final and parked', () => {
    rejects({ ...valid, parked: ['C'] }, /both final and parked/)
  })

  it('rejects a state listed twice', () => {
    rejects({ ...valid, states: ['A', 'B', 'C', 'A'] }, /lists a state twice/)
  })

  it('rejects a restart event missing from the table', () => {
    rejects({ ...valid, restartEvent: { type: bad('nope') } as unknown as E }, /restart event nope/)
  })

  it('rejects a failure event that cannot leave a state with an entry function', () => {
    const fail = { transitions: [{ from: 'A' as const, to: 'C' as const }] }
    rejects({ ...valid, events: { ...valid.events, fail } }, /failure event fail is not allowed from state B/)
  })
})

describe('the compiled xstate machine', () => {
  it('agrees with the table for every state and event', () => {
    const machine = defineMachine(valid)
    for (const state of valid.states) {
      for (const event of machine.table.events()) {
        const allowed = machine.can(state, event)
        const snapshot = machine.machine.resolveState({ value: state, context: { state } })
        expect(snapshot.can({ type: event, message: '' }), `${state} / ${event}`).toBe(allowed)
      }
    }
  })
})
