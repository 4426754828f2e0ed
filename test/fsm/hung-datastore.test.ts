import { describe, expect, it } from 'vitest'
import { AbortError, NotStartedError } from '../../src/errors.ts'
import { StateGroup } from '../../src/fsm/index.ts'
import { cborRecordCodec } from '../../src/fsm/record-codec.ts'
import { RecordStore } from '../../src/fsm/record-store.ts'
import { type ExampleRecord, exampleEnv, exampleMachine, newRecord } from './example-machine.ts'
import { HangingDatastore } from './hanging-datastore.ts'
import { beginParked, startedGroup } from './harness.ts'

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

async function untilHeld(datastore: HangingDatastore, count = 1): Promise<void> {
  for (let i = 0; i < 100 && datastore.held < count; i++) await turn()
  expect(datastore.held).toBe(count)
}

function recordStore(datastore: HangingDatastore, lifetime?: AbortSignal): RecordStore<ExampleRecord> {
  return new RecordStore(datastore, cborRecordCodec<ExampleRecord>(), lifetime)
}

describe('record store over a datastore that never answers', () => {
  for (const method of ['get', 'has', 'put'] as const) {
    it(`abandons a hung ${method} when its signal aborts, rejecting with the abort reason`, async () => {
      const datastore = new HangingDatastore()
      const store = recordStore(datastore)
      await store.put('d', newRecord())
      datastore.hang.add(method)
      const controller = new AbortController()
      const call =
        method === 'get'
          ? store.get('d', controller.signal)
          : method === 'has'
            ? store.has('d', controller.signal)
            : store.put('d', { ...newRecord(), b: 1 }, controller.signal)
      const settled = call.then(
        () => 'resolved',
        (error: unknown) => error,
      )
      await untilHeld(datastore)
      const reason = new AbortError('the caller gave up')
      controller.abort(reason)
      expect(await settled).toBe(reason)
    })
  }

  it('wraps a reason that is not an AbortError, and makes no call under a signal already aborted', async () => {
    const datastore = new HangingDatastore()
    const store = recordStore(datastore)
    const controller = new AbortController()
    controller.abort(new Error('timeout'))
    const error = await store.has('d', controller.signal).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).code).toBe('ERR_ABORTED')
    expect((error as AbortError).cause).toBe(controller.signal.reason)
    expect(datastore.calls.has).toBe(0)
  })

  it("abandons a hung read when the store's lifetime ends", async () => {
    const datastore = new HangingDatastore()
    const lifetime = new AbortController()
    const store = recordStore(datastore, lifetime.signal)
    datastore.hang.add('get')
    const read = store.get('d').catch((e: unknown) => e)
    await untilHeld(datastore)
    lifetime.abort(new AbortError('stopped'))
    expect(await read).toBe(lifetime.signal.reason)
  })

  it('lets no abandoned write land over a later one: the later write waits for it', async () => {
    const datastore = new HangingDatastore()
    const store = recordStore(datastore)
    await store.put('d', newRecord())
    datastore.hang.add('put')
    const controller = new AbortController()
    const first = store.put('d', { ...newRecord(), b: 1 }, controller.signal).catch((e: unknown) => e)
    await untilHeld(datastore)
    controller.abort(new AbortError('gave up'))
    expect(await first).toBeInstanceOf(AbortError)
    datastore.hang.clear()
    const second = store.put('d', { ...newRecord(), b: 2 })
    await turn()
    expect(datastore.calls.put).toBe(2) // the second waits for the abandoned one to settle
    datastore.release() // the abandoned write lands late...
    await second // ...and the later one after it
    expect((await store.get('d')).b).toBe(2)
  })
})

describe('state group over a datastore that never answers', () => {
  it('rejects begin with the abort reason when the datastore never answers has or put', async () => {
    for (const method of ['has', 'put'] as const) {
      const datastore = new HangingDatastore()
      const { group, errors } = await startedGroup(exampleEnv(), datastore)
      datastore.hang.add(method)
      const controller = new AbortController()
      const begun = group.begin('d', newRecord(), { signal: controller.signal }).catch((e: unknown) => e)
      await untilHeld(datastore)
      const reason = new AbortError('proposal abandoned')
      controller.abort(reason)
      expect(await begun).toBe(reason)
      // The group goes on: the id is free in memory, and a later begin after the datastore answers works.
      datastore.release()
      await turn()
      if (!(await group.has('d'))) await group.begin('d', newRecord())
      expect((await group.send('d', { type: 'start' })).state).toBe('One')
      expect(errors).toEqual([])
      await group.stop()
    }
  })

  it('rejects a send whose write is abandoned, and keeps the record as it was', async () => {
    const datastore = new HangingDatastore()
    const { group } = await startedGroup(exampleEnv(), datastore)
    await group.begin('d', newRecord())
    datastore.hang.add('put')
    const controller = new AbortController()
    const sent = group.send('d', { type: 'start' }, { signal: controller.signal }).catch((e: unknown) => e)
    await untilHeld(datastore)
    controller.abort(new AbortError('gave up'))
    expect(await sent).toBeInstanceOf(AbortError)
    expect((await group.get('d')).state).toBe('Zero')
    datastore.release()
    expect((await group.send('d', { type: 'start' })).state).toBe('One')
    await group.stop()
  })

  it('stops while a record read hangs, and the record resumes after a restart', async () => {
    const datastore = new HangingDatastore()
    const first = await startedGroup(exampleEnv(), datastore)
    await beginParked(first.group, 'd', 3)
    await first.group.idle()
    expect(first.group.activeCount).toBe(0) // parked: the next event reads the record
    datastore.hang.add('get')
    const woken = first.group.send('d', { type: 'wake' }).catch((e: unknown) => e)
    const read = first.group.get('d').catch((e: unknown) => e)
    await untilHeld(datastore, 2)
    await first.group.stop() // returns although both reads never answer
    expect(await woken).toBeInstanceOf(AbortError)
    expect(await read).toBeInstanceOf(AbortError)
    await expect(first.group.send('d', { type: 'wake' })).rejects.toBeInstanceOf(NotStartedError)
    expect(first.errors).toEqual([])

    datastore.hang.clear()
    const env = exampleEnv()
    const second = new StateGroup(exampleMachine, { datastore, env })
    await second.start()
    expect((await second.send('d', { type: 'wake' })).state).toBe('Two')
    await second.stop()
  })
})
