import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { PersistenceError } from '../../src/errors.ts'
import { type ExampleEnv, exampleEnv, newRecord } from './example-machine.ts'
import { startedGroup } from './harness.ts'

/** Entry functions that drive every deal from One to Three: One -> b -> Two -> finish. */
const driving = (): ExampleEnv =>
  exampleEnv({ one: () => ({ type: 'b', value: 42 }), two: () => ({ type: 'finish' }) })

describe('restart', () => {
  it('restores records persisted mid-flow and runs them on to the same final state', async () => {
    const datastore = new MemoryDatastore()
    // First process: deals stop in One (entry function waits for a signal that never comes).
    const first = await startedGroup(
      exampleEnv({
        one: (ctx) => new Promise((r) => ctx.signal.addEventListener('abort', () => r(undefined))),
      }),
      datastore,
    )
    for (const id of ['a', 'b', 'c']) {
      await first.group.begin(id, newRecord())
      await first.group.send(id, { type: 'start' })
    }
    await first.group.stop()

    // Second process on the same datastore: the restart event re-runs One's entry function.
    const env = driving()
    const second = await startedGroup(env, datastore)
    await second.group.idle()
    for (const id of ['a', 'b', 'c']) {
      const record = await second.group.get(id)
      expect(record.state).toBe('Three')
      expect(record.b).toBe(42)
    }
    expect(env.runs.filter((r) => r.state === 'One')).toHaveLength(3)
  })

  it('keeps final records as data only and does not restart them', async () => {
    const datastore = new MemoryDatastore()
    const first = await startedGroup(driving(), datastore)
    await first.group.begin('done', newRecord())
    await first.group.send('done', { type: 'start' })
    await first.group.idle()
    await first.group.begin('waiting', newRecord())
    await first.group.stop()

    const env = exampleEnv()
    const second = await startedGroup(env, datastore)
    const events: string[] = []
    second.group.subscribe((event) => events.push(event.type))
    await second.group.idle()
    expect((await second.group.get('done')).state).toBe('Three')
    expect(second.group.activeCount).toBe(1) // only 'waiting' (restarted in Zero, which has no entry function)
    expect(env.runs).toEqual([])
    expect((await second.group.list()).map((r) => r.state).sort()).toEqual(['Three', 'Zero'])
  })

  it('reports the start summary, and skips a record that cannot be decoded', async () => {
    const datastore = new MemoryDatastore()
    const first = await startedGroup(driving(), datastore)
    await first.group.begin('done', newRecord())
    await first.group.send('done', { type: 'start' })
    await first.group.idle()
    await first.group.begin('open', newRecord())
    await first.group.stop()
    await datastore.put(new Key('/corrupt'), new Uint8Array([0xff, 0x00, 0x13]))

    const { StateGroup } = await import('../../src/fsm/index.ts')
    const { exampleMachine } = await import('./example-machine.ts')
    const group = new StateGroup(exampleMachine, { datastore, env: exampleEnv() })
    const errors: Error[] = []
    group.onError((e) => errors.push(e))
    expect(await group.start()).toEqual({ restarted: 1, final: 1, failed: 1 })
    expect(errors[0]).toBeInstanceOf(PersistenceError)
    expect(errors[0]?.message).toMatch(/corrupt/)
  })
})

describe('restart costs', () => {
  /** A memory datastore that counts writes. */
  class CountingDatastore extends MemoryDatastore {
    puts = 0
    override put(key: Key, value: Uint8Array): ReturnType<MemoryDatastore['put']> {
      this.puts++
      return super.put(key, value)
    }
  }

  it('does not rewrite records the restart event leaves unchanged, and spawns actors only for later events', async () => {
    const datastore = new CountingDatastore()
    const first = await startedGroup(
      exampleEnv({
        one: (ctx) => new Promise((r) => ctx.signal.addEventListener('abort', () => r(undefined))),
      }),
      datastore,
    )
    for (const id of ['a', 'b']) {
      await first.group.begin(id, newRecord())
      await first.group.send(id, { type: 'start' })
    }
    await first.group.stop()
    const written = datastore.puts

    const env = exampleEnv()
    const second = await startedGroup(env, datastore)
    const events: string[] = []
    second.group.subscribe((event) => events.push(event.type))
    await second.group.idle()
    expect(datastore.puts).toBe(written)
    expect(env.runs).toEqual([
      { state: 'One', b: 0 },
      { state: 'One', b: 0 },
    ])
    expect(second.group.activeCount).toBe(2)
    expect((await second.group.send('a', { type: 'b', value: 5 })).state).toBe('Two')
    expect(datastore.puts).toBe(written + 1)
  })

  it('writes a record the restart event changes, before running its entry function', async () => {
    const { defineMachine, StateGroup } = await import('../../src/fsm/index.ts')
    type R = { readonly state: 'Waiting' | 'Resumed'; readonly n: number }
    const seen: R[] = []
    const machine = defineMachine<'Waiting' | 'Resumed', { type: 'restart' } | { type: 'fail' }, R, R[]>({
      id: 'resuming',
      states: ['Waiting', 'Resumed'],
      initial: 'Waiting',
      stateField: 'state',
      events: {
        restart: { transitions: [{ from: 'Waiting', to: 'Resumed' }], action: (r) => ({ n: r.n + 1 }) },
        fail: { transitions: [{ from: 'Resumed', to: 'Resumed' }] },
      },
      entry: { Resumed: { name: 'Resume', run: (ctx) => void ctx.env.push(ctx.record) } },
      final: [],
      restartEvent: { type: 'restart' },
      failureEvent: () => ({ type: 'fail' }),
    })
    const datastore = new CountingDatastore()
    const { cborRecordCodec } = await import('../../src/fsm/index.ts')
    const codec = cborRecordCodec<R>()
    for (let i = 0; i < 200; i++)
      await datastore.put(new Key(`/d${i}`), codec.encode({ state: 'Waiting', n: i }))
    const group = new StateGroup(machine, { datastore, env: seen })
    expect(await group.start()).toEqual({ restarted: 200, final: 0, failed: 0 })
    await group.idle()
    expect(datastore.puts).toBe(400)
    expect(codec.decode(await datastore.get(new Key('/d7')))).toEqual({ state: 'Resumed', n: 8 })
    expect(seen).toHaveLength(200)
    expect(seen.every((r) => r.state === 'Resumed')).toBe(true)
  })
})
