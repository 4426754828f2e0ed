/**
 * One end-to-end run (N deals from proposal to Active on the simulated chain), meant to run in a
 * process of its own: `node --expose-gc --import tsx bench/e2e-run.ts <n> <store dir or -> <out.json>`
 * (bench/e2e.ts starts one per size). The JSON written to out.json is a {@link Run}.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { seededBytes } from '../src/embedded/demo.ts'
import { createEmbeddedMarket } from '../src/embedded/index.ts'
import { heapAfterGc, heapSampler } from './util.ts'

const ACTIVE = 'StorageDealActive'

export interface Run {
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, store, out] = process.argv.slice(2)
  if (n === undefined || store === undefined || out === undefined) {
    throw new Error('usage: e2e-run.ts <n> <store dir or -> <out.json>')
  }
  await runDeals(5, undefined) // warm-up: module loading, WASM, JIT
  const run = await runDeals(Number(n), store === '-' ? undefined : store)
  await writeFile(out, JSON.stringify(run))
}
