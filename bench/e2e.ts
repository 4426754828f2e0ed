/** 2. End to end: N deals from proposal to Active on the simulated chain, in memory and on LevelDB. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seededBytes } from '../src/embedded/demo.ts'
import { createEmbeddedMarket } from '../src/embedded/index.ts'
import { type BenchResult, figure, heapAfterGc, heapSampler, newResult, note, target } from './util.ts'

const ACTIVE = 'StorageDealActive'

interface Run {
  readonly n: number
  readonly seconds: number
  /** CPU seconds of the whole process (all threads) over the same span: insensitive to other load. */
  readonly cpuSeconds: number
  readonly importSeconds: number
  readonly peakHeap: number
  readonly baseHeap: number
  readonly epochs: number
}

async function runDeals(n: number, store: string | undefined): Promise<Run> {
  const baseHeap = await heapAfterGc()
  const sampler = heapSampler(10)
  const market = await createEmbeddedMarket({ seed: 1, ...(store === undefined ? {} : { store }) })
  try {
    await market.start()
    const firstEpoch = market.epoch
    const t = performance.now()
    const cpu = process.cpuUsage()
    for (let i = 0; i < n; i++) {
      const payload = await market.importData(seededBytes(i + 1, 1_024))
      await market.proposeDeal({ data: payload })
    }
    const importSeconds = (performance.now() - t) / 1000
    if (n >= 300) console.log(`    N=${n}: import+propose ${importSeconds.toFixed(1)} s`)
    let steps = 0
    const progress = await market.runUntil((p) => {
      const active = p.client[ACTIVE] ?? 0
      if (n >= 300 && ++steps % 5 === 0) {
        const elapsed = ((performance.now() - t) / 1000).toFixed(1)
        console.log(`    N=${n}: epoch ${market.epoch - firstEpoch}, ${active} Active, ${elapsed} s`)
      }
      return active === n
    })
    const seconds = (performance.now() - t) / 1000
    const used = process.cpuUsage(cpu)
    const cpuSeconds = (used.user + used.system) / 1e6
    const peakHeap = sampler.stop()
    if (progress.client[ACTIVE] !== n) throw new Error(`only ${progress.client[ACTIVE]} of ${n} deals Active`)
    return { n, seconds, cpuSeconds, importSeconds, peakHeap, baseHeap, epochs: market.epoch - firstEpoch }
  } finally {
    sampler.stop()
    await market.stop()
  }
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
  await runDeals(5, undefined) // warm-up: module loading, WASM, JIT
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
