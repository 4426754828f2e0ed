import { MemoryDatastore } from 'datastore-core'
import type { Datastore } from 'interface-datastore'
import { StateGroup } from '../../src/fsm/index.ts'
import {
  type ExampleEnv,
  type ExampleEvent,
  type ExampleRecord,
  type ExampleState,
  exampleEnv,
  exampleMachine,
  newRecord,
} from './example-machine.ts'

export type ExampleGroup = StateGroup<ExampleState, ExampleEvent, ExampleRecord, ExampleEnv>

/** A started group of the example machine on a memory datastore (or the one given). */
export async function startedGroup(
  env: ExampleEnv = exampleEnv(),
  datastore: Datastore = new MemoryDatastore(),
): Promise<{ group: ExampleGroup; env: ExampleEnv; datastore: Datastore; errors: Error[] }> {
  const group = new StateGroup(exampleMachine, { datastore, env })
  const errors: Error[] = []
  group.onError((error) => errors.push(error))
  await group.start()
  return { group, env, datastore, errors }
}

/** Creates `id` and drives it to Parked (start, b = `b`, park). */
export async function beginParked(group: ExampleGroup, id: string, b = 1): Promise<void> {
  await group.begin(id, newRecord())
  await group.send(id, { type: 'start' })
  await group.send(id, { type: 'b', value: b })
  await group.send(id, { type: 'park' })
}
