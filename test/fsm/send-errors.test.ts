import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import {
  ActionFailedError,
  DealExistsError,
  DealNotFoundError,
  DealTerminatedError,
  InvalidTransitionError,
  NotStartedError,
  PersistenceError,
} from '../../src/errors.ts'
import { StateGroup } from '../../src/fsm/index.ts'
import { exampleEnv, exampleMachine, newRecord } from './example-machine.ts'
import { startedGroup } from './harness.ts'

/** A memory datastore whose writes can be made to fail. */
class FlakyDatastore extends MemoryDatastore {
  failPuts = false
  override put(key: Key, value: Uint8Array): ReturnType<MemoryDatastore['put']> {
    if (this.failPuts) throw new Error('disk full')
    return super.put(key, value)
  }
}

describe('send', () => {
  it('rejects an unknown id with DealNotFoundError and creates nothing', async () => {
    const { group } = await startedGroup()
    await expect(group.send('ghost', { type: 'start' })).rejects.toBeInstanceOf(DealNotFoundError)
    expect(await group.has('ghost')).toBe(false)
    expect(await group.list()).toEqual([])
  })

  it('rejects an event not allowed in the current state and leaves the record unchanged', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    const error = await group.send('d', { type: 'b', value: 5 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidTransitionError)
    expect((error as InvalidTransitionError).code).toBe('ERR_INVALID_TRANSITION')
    expect((error as InvalidTransitionError).state).toBe('Zero')
    expect((error as InvalidTransitionError).event).toBe('b')
    expect(await group.get('d')).toEqual(newRecord())
  })

  it('rejects an event whose action throws and leaves the record unchanged', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    const before = await group.send('d', { type: 'b', value: 9 })
    const error = await group.send('d', { type: 'boom' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionFailedError)
    expect((error as Error).message).toMatch(/the action failed/)
    expect(await group.get('d')).toEqual(before)
  })

  it('rejects events for a final record with DealTerminatedError', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'finish' })
    await expect(group.send('d', { type: 'any' })).rejects.toBeInstanceOf(DealTerminatedError)
    expect((await group.get('d')).state).toBe('Three')
    expect(group.activeCount).toBe(0)
  })

  it('rejects a second begin for the same id, also across groups', async () => {
    const datastore = new MemoryDatastore()
    const { group } = await startedGroup(exampleEnv(), datastore)
    await group.begin('d', newRecord())
    await expect(group.begin('d', newRecord())).rejects.toBeInstanceOf(DealExistsError)
    await group.stop()
    const { group: again } = await startedGroup(exampleEnv(), datastore)
    await expect(again.begin('d', newRecord())).rejects.toBeInstanceOf(DealExistsError)
  })

  it('rejects with PersistenceError when the write fails, leaving the record as it was', async () => {
    const datastore = new FlakyDatastore()
    const { group, env } = await startedGroup(exampleEnv(), datastore)
    await group.begin('d', newRecord())
    datastore.failPuts = true
    const error = await group.send('d', { type: 'start' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PersistenceError)
    expect((error as PersistenceError).cause).toBeInstanceOf(Error)
    expect((await group.get('d')).state).toBe('Zero')
    expect(env.runs).toEqual([])
    datastore.failPuts = false
    expect((await group.send('d', { type: 'start' })).state).toBe('One')
  })

  it('refuses work before start and after stop', async () => {
    const group = new StateGroup(exampleMachine, { datastore: new MemoryDatastore(), env: exampleEnv() })
    await expect(group.send('d', { type: 'start' })).rejects.toBeInstanceOf(NotStartedError)
    await expect(group.begin('d', newRecord())).rejects.toBeInstanceOf(NotStartedError)
    await group.start()
    await group.begin('d', newRecord())
    await group.stop()
    await expect(group.send('d', { type: 'start' })).rejects.toBeInstanceOf(NotStartedError)
  })

  it('persists the record with its state name under /<id>, and no xstate internals', async () => {
    const { group, datastore } = await startedGroup()
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    const { cborRecordCodec } = await import('../../src/fsm/index.ts')
    const stored = cborRecordCodec().decode(await datastore.get(new Key('/d')))
    expect(stored).toEqual({ state: 'One', b: 0, message: '' })
  })
})
