import { MemoryDatastore } from 'datastore-core'
import { type Datastore, Key, type Pair, type Query } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { PersistenceError } from '../../src/errors.ts'
import { type ExampleEnv, exampleEnv, newRecord } from './example-machine.ts'
import { startedGroup } from './harness.ts'

/** Entry functions that drive every deal from One to Three: One -> b -> Two -> finish. */
const driving = (): ExampleEnv =>
  exampleEnv({ one: () => ({ type: 'b', value: 42 }), two: () => ({ type: 'finish' }) })

/** A first process: the deals are started and stopped in One (its entry function waits for a signal). */
async function stoppedInOne(datastore: Datastore, ids: readonly string[]): Promise<void> {
  const first = await startedGroup(
    exampleEnv({
      one: (ctx) => new Promise((r) => ctx.signal.addEventListener('abort', () => r(undefined))),
    }),
    datastore,
  )
  for (const id of ids) {
    await first.group.begin(id, newRecord())
    await first.group.send(id, { type: 'start' })
  }
  await first.group.stop()
}

describe('restart', () => {
  it('restores records persisted mid-flow and runs them on to the same final state', async () => {
    const datastore = new MemoryDatastore()
    // First process: deals stop in One (entry function waits for a signal that never comes).
    await stoppedInOne(datastore, ['a', 'b', 'c'])

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
    await stoppedInOne(datastore, ['a', 'b'])
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

  it('keeps a record an event made live while start() was still listing, over the listed copy', async () => {
    const datastore = new MemoryDatastore()
    await stoppedInOne(datastore, ['a', 'b'])

    // The listing is a snapshot taken when it starts (as a LevelDB iterator's is), held after 'a'.
    const gated = listingHeldAfterFirst(datastore)
    const env = exampleEnv({ one: () => undefined })
    const { StateGroup } = await import('../../src/fsm/index.ts')
    const { exampleMachine } = await import('./example-machine.ts')
    const group = new StateGroup(exampleMachine, { datastore: gated.datastore, env })
    const starting = group.start()
    await gated.held
    // 'b' is not listed yet: this event reads it from the store and makes it live in Two.
    await group.send('b', { type: 'b', value: 7 })
    gated.release()
    expect(await starting).toEqual({ restarted: 2, final: 0, failed: 0 })
    await group.idle()
    const b = await group.get('b')
    expect(b.state).toBe('Two')
    expect(b.b).toBe(7)
    await group.stop()
  })
})

/** A datastore whose listing is a snapshot taken at query time and waits after its first item. */
function listingHeldAfterFirst(inner: MemoryDatastore): {
  datastore: Datastore
  held: Promise<void>
  release: () => void
} {
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  let signalHeld: () => void = () => undefined
  const held = new Promise<void>((resolve) => {
    signalHeld = resolve
  })
  const datastore = Object.create(inner) as MemoryDatastore
  datastore.query = async function* (query: Query): AsyncGenerator<Pair> {
    const snapshot: Pair[] = []
    for await (const pair of inner.query(query)) snapshot.push(pair)
    for (const [i, pair] of snapshot.entries()) {
      if (i === 1) {
        signalHeld()
        await gate
      }
      yield pair
    }
  }
  return { datastore: datastore as Datastore, held, release }
}
