import { MemoryDatastore } from 'datastore-core'
import { describe, expect, it } from 'vitest'
import type { EntryContext } from '../../src/fsm/index.ts'
import { type ExampleEnv, type ExampleEvent, type ExampleRecord, exampleEnv } from './example-machine.ts'
import { beginParked, startedGroup } from './harness.ts'

type Watch = EntryContext<ExampleRecord, ExampleEvent, ExampleEnv>['trigger']

describe('parked states', () => {
  it('holds no actor for a parked record, and wakes it with an event sent to its id', async () => {
    const { group } = await startedGroup()
    const ids = Array.from({ length: 100 }, (_, i) => `p${i}`)
    for (const id of ids) {
      await beginParked(group, id)
    }
    await group.idle()
    expect(group.activeCount).toBe(0)
    expect((await group.get('p7')).state).toBe('Parked')
    expect((await group.send('p7', { type: 'wake' })).state).toBe('Two')
    expect(group.activeCount).toBe(1)
  })

  it('accepts a trigger from a watcher registered by the parked entry function after it returned', async () => {
    const watchers = new Map<string, Watch>()
    const { group } = await startedGroup(
      exampleEnv({ parked: (ctx) => void watchers.set(ctx.id, ctx.trigger) }),
    )
    await beginParked(group, 'd')
    await group.idle()
    expect(group.activeCount).toBe(0)
    expect(await watchers.get('d')?.({ type: 'wake' })).toBe(true)
    expect((await group.get('d')).state).toBe('Two')
  })

  it('re-runs the parked entry function on restart so watchers are registered again', async () => {
    const datastore = new MemoryDatastore()
    const first = await startedGroup(exampleEnv(), datastore)
    await beginParked(first.group, 'd')
    await first.group.stop()
    const env = exampleEnv()
    const second = await startedGroup(env, datastore)
    await second.group.idle()
    expect(env.runs).toEqual([{ state: 'Parked', b: 1 }])
    expect(second.group.activeCount).toBe(0)
  })
})

describe('parked release', () => {
  it('keeps a working actor when a parked run returns while its triggered event is still being written', async () => {
    const { SlowDatastore } = await import('./slow-datastore.ts')
    const datastore = new SlowDatastore()
    let openGate = (): void => undefined
    const gate = new Promise<void>((resolve) => {
      openGate = resolve
    })
    const { group, errors } = await startedGroup(
      exampleEnv({
        parked: async (ctx) => {
          datastore.delayPuts = true
          void ctx.trigger({ type: 'wake' })
          await gate
        },
      }),
      datastore,
    )
    await beginParked(group, 'd')
    while (datastore.waiting === 0) await new Promise((r) => setImmediate(r))
    openGate() // the parked run returns while `wake` waits for its write
    await new Promise((r) => setImmediate(r))
    datastore.delayPuts = false
    await datastore.flush()
    await group.idle()
    expect((await group.get('d')).state).toBe('Two')
    expect((await group.send('d', { type: 'finish' })).state).toBe('Three')
    expect(errors).toEqual([])
  })
})
