/** 3. Restart: group.start() until every record's entry function runs, vs reading and decoding them. */
import { MemoryDatastore } from 'datastore-core'
import { StateGroup } from '../src/fsm/index.ts'
import { cborRecordCodec } from '../src/fsm/record-codec.ts'
import { RecordStore } from '../src/fsm/record-store.ts'
import { machine20, type R20, STATES } from './machine20.ts'
import { type BenchResult, figure, newResult, note, target } from './util.ts'

/** Deterministic skewed mix: most records in early (waiting) states, fewer further on. */
export function mixedState(i: number): R20['state'] {
  const u = ((i * 2654435761) >>> 0) / 2 ** 32
  return `S${Math.min(STATES - 1, Math.floor(STATES * u * u))}`
}

export async function restartBench(quick: boolean): Promise<BenchResult> {
  const result = newResult('restart')
  const n = quick ? 10_000 : 100_000
  const codec = cborRecordCodec<R20>()
  const datastore = new MemoryDatastore()
  const store = new RecordStore(datastore, codec)
  for (let i = 0; i < n; i++) {
    await store.put(`deal-${i}`, { state: mixedState(i), n: i, note: `record ${i} of the restart benchmark` })
  }

  // Read + decode only.
  let t = performance.now()
  let read = 0
  for await (const [, record] of store.entries((e) => {
    throw e
  })) {
    if (record.state !== undefined) read++
  }
  const readMs = performance.now() - t
  if (read !== n) throw new Error(`read ${read} of ${n}`)

  // Restore: start() sends the restart event to every record; done once every entry function ran.
  let entered = 0
  let allEntered: () => void = () => undefined
  const done = new Promise<void>((resolve) => {
    allEntered = resolve
  })
  const group = new StateGroup(machine20({ entry: true }), {
    datastore,
    env: {
      onEntry() {
        if (++entered === n) allEntered()
      },
    },
  })
  t = performance.now()
  const summary = await group.start()
  const startMs = performance.now() - t
  await done
  const restoreMs = performance.now() - t
  await group.stop()
  if (summary.restarted !== n) throw new Error(`restarted ${summary.restarted} of ${n}`)

  figure(result, 'records', n, 'records', 'non-final, 20-state machine, skewed state mix')
  figure(result, 'read + decode', readMs, 'ms', 'RecordStore.entries with cborRecordCodec')
  figure(result, 'start() resolved', startMs, 'ms')
  figure(result, 'restore until every entry function ran', restoreMs, 'ms')
  figure(result, 'restored records/s', n / (restoreMs / 1000), 'records/s')
  target(result, 'restore / read', restoreMs / readMs, '<=', 2)
  note(
    result,
    'restore includes, per record: restart event through an xstate actor, cbor encode + datastore put, notify, entry start',
  )
  return result
}
