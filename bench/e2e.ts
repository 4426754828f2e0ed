/**
 * 2. End to end: N deals from proposal to Active on the simulated chain, in memory and on LevelDB.
 * Each size runs in a process of its own (bench/e2e-run.ts), so no figure depends on what ran before
 * it in the same process (code optimised for another machine's records, a larger heap).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { childResult } from './child-result.ts'
import type { Run } from './e2e-run.ts'
import { type BenchResult, figure, newResult, note, target } from './util.ts'

const runner = fileURLToPath(new URL('./e2e-run.ts', import.meta.url))

/** {@link Run} of N deals in a new process (its progress lines go to this one's output). */
function runDeals(n: number, store: string | undefined): Promise<Run> {
  return childResult<Run>(runner, (out) => [String(n), store ?? '-', out], `the run of ${n} deals`)
}

interface Rates {
  readonly wall: number
  readonly cpu: number
}

function report(result: BenchResult, label: string, run: Run): Rates {
  const rate = run.n / run.seconds
  figure(
    result,
    `${label} N=${run.n} deals/s`,
    rate,
    'deals/s',
    `${run.seconds.toFixed(1)} s, of which import+propose ${run.importSeconds.toFixed(1)} s; ${run.epochs} epochs`,
  )
  figure(
    result,
    `${label} N=${run.n} peak heap`,
    run.peakHeap / 2 ** 20,
    'MiB',
    'heapUsed sampled every 10 ms',
  )
  figure(
    result,
    `${label} N=${run.n} heap per in-flight deal`,
    (run.peakHeap - run.baseHeap) / run.n,
    'bytes',
    '(peak - heap after GC before the run) / N; all N in flight together',
  )
  const cpuRate = figure(
    result,
    `${label} N=${run.n} deals per CPU-second`,
    run.n / run.cpuSeconds,
    'deals/CPU-s',
    `${run.cpuSeconds.toFixed(1)} CPU-s (user + system, all threads); unaffected by other processes' load`,
  )
  return { wall: rate, cpu: cpuRate }
}

export async function e2eBench(quick: boolean): Promise<BenchResult> {
  const result = newResult('e2e')
  // `--e2e=small,large,leveldb` overrides the sizes (e.g. for a machine too busy for 10,000 deals).
  const sizes = process.argv
    .find((a) => a.startsWith('--e2e='))
    ?.slice('--e2e='.length)
    .split(',')
    .map(Number)
  const small = sizes?.[0] ?? (quick ? 25 : 1_000)
  const large = sizes?.[1] ?? (quick ? 100 : 10_000)
  const level = sizes?.[2] ?? (quick ? 25 : 1_000)
  const smallRate = report(result, 'memory', await runDeals(small, undefined))
  const dir = await mkdtemp(join(tmpdir(), 'fildeal-bench-'))
  try {
    report(result, 'leveldb', await runDeals(level, dir))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  const largeRate = report(result, 'memory', await runDeals(large, undefined))
  target(
    result,
    `deals/s N=${large} / deals/s N=${small} (memory)`,
    largeRate.wall / smallRate.wall,
    '>=',
    0.8,
  )
  figure(
    result,
    `deals per CPU-second N=${large} / N=${small} (memory)`,
    largeRate.cpu / smallRate.cpu,
    'ratio',
    'the same ratio in CPU time: the cost per deal, whatever else the machine runs',
  )
  note(
    result,
    'each deal: 1 KiB payload imported as a CAR with its piece CID, then proposed; Active = client state StorageDealActive',
  )
  return result
}
