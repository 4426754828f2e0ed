/** 4. Parked deals: heap per parked record after start(), and the time to wake 1% of them. */
import { MemoryDatastore } from 'datastore-core'
import { StateGroup } from '../src/fsm/index.ts'
import { cborRecordCodec } from '../src/fsm/record-codec.ts'
import { RecordStore } from '../src/fsm/record-store.ts'
import { type ExampleEnv, type ExampleRecord, exampleMachine } from '../test/fsm/example-machine.ts'
import { type BenchResult, figure, heapAfterGc, newResult, note, target } from './util.ts'

export async function parkedBench(quick: boolean): Promise<BenchResult> {
  const result = newResult('parked')
  const n = quick ? 100_000 : 1_000_000
  const wakeCount = Math.round(n / 100)
  // The example machine's entry functions log every run into env.runs; a no-op log keeps that out of the heap figure.
  const env = { runs: { push: () => 0 } } as unknown as ExampleEnv

  const base = await heapAfterGc()
  const datastore = new MemoryDatastore()
  const store = new RecordStore(datastore, cborRecordCodec<ExampleRecord>())
  for (let i = 0; i < n; i++) await store.put(`deal-${i}`, { state: 'Parked', b: i, message: '' })
  const filled = await heapAfterGc()

  const group = new StateGroup(exampleMachine, { datastore, env })
  let t = performance.now()
  const summary = await group.start()
  await group.idle()
  const startMs = performance.now() - t
  if (summary.restarted !== n) throw new Error(`restarted ${summary.restarted} of ${n}`)
  const started = await heapAfterGc()
  const holding = group.activeCount

  // Wake the 1% that expire at one epoch: one event each, all sent at once.
  t = performance.now()
  const woken = await Promise.all(
    Array.from({ length: wakeCount }, (_, i) => group.send(`deal-${i * 100}`, { type: 'wake' })),
  )
  const wakeMs = performance.now() - t
  if (woken.some((r) => r.state !== 'Two')) throw new Error('a woken record is not in Two')
  await group.stop()

  figure(result, 'parked records', n, 'records')
  figure(
    result,
    'datastore heap per record',
    (filled - base) / n,
    'bytes',
    'MemoryDatastore Map entry: Key + cbor bytes',
  )
  figure(
    result,
    'group heap per parked deal after start()',
    (started - filled) / n,
    'bytes',
    'heap after start()+GC minus heap with only the datastore',
  )
  figure(result, 'records holding an actor after start()', holding, 'records')
  figure(result, 'start() + idle for all parked records', startMs, 'ms')
  figure(result, `wake ${wakeCount} (1%) records`, wakeMs, 'ms')
  figure(result, 'wake rate', wakeCount / (wakeMs / 1000), 'records/s')
  target(result, 'group heap bytes per parked deal', (started - filled) / n, '<=', 500)
  note(
    result,
    'datastore counted separately: the MemoryDatastore (a Map of Key -> encoded bytes) in the same heap',
  )
  return result
}
