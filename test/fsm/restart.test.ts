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
