/**
 * 3. Restart: group.start() until every record's entry function runs, vs reading and decoding them.
 * Both are timed three times in the run (three passes of the read, three groups started in turn
 * over the same datastore) and the medians compared: each phase lasts under a second, and one
 * collection of the old generation landing in one of them moves a single ratio by ±30%.
 */
import { MemoryDatastore } from 'datastore-core'
import { StateGroup } from '../src/fsm/index.ts'
import { cborRecordCodec } from '../src/fsm/record-codec.ts'
import { RecordStore } from '../src/fsm/record-store.ts'
import { machine20, type R20, STATES } from './machine20.ts'
import { type BenchResult, figure, heapAfterGc, heapSampler, newResult, note, target } from './util.ts'

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

  // Read + decode only; the first pass warms up the datastore iterator and the codec.
  const readAll = async (): Promise<number> => {
    const t0 = performance.now()
    let read = 0
    for await (const [, record] of store.entries((e) => {
      throw e
    })) {
      if (record.state !== undefined) read++
    }
    if (read !== n) throw new Error(`read ${read} of ${n}`)
    return performance.now() - t0
  }
  await readAll()
  const reads = [await readAll(), await readAll(), await readAll()]

  // Restore: start() sends the restart event to every record; done once every entry function ran.
  // Three groups in turn over the same datastore (nothing is written: every record is unchanged).
  const restoreOnce = async (): Promise<{
    startMs: number
    restoreMs: number
    peakHeap: number
    live: number
  }> => {
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
    const sampler = heapSampler(10)
    const t = performance.now()
    const summary = await group.start()
    const startMs = performance.now() - t
    await done
    const restoreMs = performance.now() - t
    const peakHeap = sampler.stop()
    const live = group.activeCount
    await group.stop()
    if (summary.restarted !== n) throw new Error(`restarted ${summary.restarted} of ${n}`)
    return { startMs, restoreMs, peakHeap, live }
  }
  const baseHeap = await heapAfterGc()
  const first = await restoreOnce()
  await heapAfterGc()
  const restores = [first, await restoreOnce()]
  await heapAfterGc()
  restores.push(await restoreOnce())
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1] as number
  const readMs = median(reads)
  const restoreMs = median(restores.map((r) => r.restoreMs))
  const startMs = median(restores.map((r) => r.startMs))
  const { peakHeap, live } = first
  console.log(
    `  (read ${reads.map((ms) => ms.toFixed(0)).join(', ')} ms; restore ${restores.map((r) => r.restoreMs.toFixed(0)).join(', ')} ms)`,
  )

  figure(result, 'records', n, 'records', 'non-final, 20-state machine, skewed state mix')
  figure(
    result,
    'read + decode',
    readMs,
    'ms',
    'RecordStore.entries with cborRecordCodec; median of 3 passes',
  )
  figure(result, 'start() resolved', startMs, 'ms', 'median of 3 groups')
  figure(result, 'restore until every entry function ran', restoreMs, 'ms', 'median of 3 groups')
  figure(result, 'restored records/s', n / (restoreMs / 1000), 'records/s')
  figure(
    result,
    'peak heap during restore per record',
    (peakHeap - baseHeap) / n,
    'bytes',
    'first group; sampled every 10 ms, over the heap after GC with the filled datastore; includes garbage',
  )
  figure(
    result,
    'live records after restore',
    live,
    'records',
    'none holds an xstate actor until its next event',
  )
  target(result, 'restore / read', restoreMs / readMs, '<=', 2)
  note(
    result,
    'restore includes, per record: read + decode, restart event applied with the event table (no write: the record is unchanged), notify, entry function start',
  )
  return result
}
