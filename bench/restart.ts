/**
 * 3. Restart: group.start() until every record's entry function runs, vs reading and decoding them.
 * Read and restore are timed in turn, seven pairs after a warm-up pair, each restore by a new group
 * over the same datastore. The target is checked on the median of the seven per-pair ratios: this
 * machine's speed drifts over seconds (the same read, repeated, takes 210 to 410 ms with CPU time
 * equal to wall time), so a read and a restore timed next to each other compare on the same
 * footing, while medians of separate phases (also reported) may compare a fast read with a slow
 * restore.
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

/** Read/restore pairs timed after the warm-up pair. */
const PAIRS = 7

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

  // Restore: start() sends the restart event to every record; done once every entry function ran.
  // One definition (as in a process), a new group each time (nothing is written: every record is
  // unchanged by the restart event).
  const definition = machine20({ entry: true })
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
    const group = new StateGroup(definition, {
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
  await readAll()
  const reads: number[] = []
  const restores: Awaited<ReturnType<typeof restoreOnce>>[] = []
  for (let pair = 0; pair < PAIRS; pair++) {
    await heapAfterGc()
    reads.push(await readAll())
    await heapAfterGc()
    restores.push(await restoreOnce())
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] as number
  const readMs = median(reads)
  const restoreMs = median(restores.map((r) => r.restoreMs))
  const startMs = median(restores.map((r) => r.startMs))
  const pairRatios = restores.map((r, i) => r.restoreMs / (reads[i] as number))
  const peakHeap = median(restores.map((r) => r.peakHeap))
  const { live } = first
  console.log(
    `  (read ${reads.map((ms) => ms.toFixed(0)).join(', ')} ms; restore ${restores.map((r) => r.restoreMs.toFixed(0)).join(', ')} ms; pairs ${pairRatios.map((x) => x.toFixed(2)).join(', ')})`,
  )

  figure(result, 'records', n, 'records', 'non-final, 20-state machine, skewed state mix')
  figure(
    result,
    'read + decode',
    readMs,
    'ms',
    `RecordStore.entries with cborRecordCodec; median of ${PAIRS} passes`,
  )
  figure(result, 'start() resolved', startMs, 'ms', `median of ${PAIRS} groups`)
  figure(result, 'restore until every entry function ran', restoreMs, 'ms', `median of ${PAIRS} groups`)
  figure(
    result,
    'restore / read, medians of the phases',
    restoreMs / readMs,
    'ratio',
    'for comparison with the paired figure below',
  )
  figure(result, 'restored records/s', n / (restoreMs / 1000), 'records/s')
  figure(
    result,
    'peak heap during restore per record',
    (peakHeap - baseHeap) / n,
    'bytes',
    'median of the groups; sampled every 10 ms, over the heap after GC with the filled datastore; includes garbage',
  )
  figure(
    result,
    'live records after restore',
    live,
    'records',
    'none holds an xstate actor until its next event',
  )
  // The target: median of the per-pair ratios (see the top of this file).
  target(result, 'restore / read', median(pairRatios), '<=', 2)
  note(
    result,
    'restore includes, per record: read + decode, restart event applied with the event table (no write: the record is unchanged), notify, entry function start; restore / read is the median of the per-pair ratios',
  )
  return result
}
