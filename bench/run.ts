/**
 * The benchmarks: `npm run bench` (full) or `npm run bench -- --quick` (under a minute).
 * Needs --expose-gc; re-executes itself with it when missing. Writes bench/results/latest.json.
 * `--only=engine,piece` runs a subset. Each benchmark runs in a process of its own (this file again,
 * with `--bench-child=<name>:<result file>`), so none of its figures depends on which benchmarks ran
 * before it (code optimised for another machine's records, a heap grown or shrunk by them).
 */
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { childResult } from './child-result.ts'
import { e2eBench } from './e2e.ts'
import { engineBench } from './engine.ts'
import { parkedBench } from './parked.ts'
import { pieceBench } from './piece.ts'
import { restartBench } from './restart.ts'
import type { BenchResult } from './util.ts'

const self = fileURLToPath(import.meta.url)
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  )
  process.exit(child.status ?? 1)
}

const quick = process.argv.includes('--quick')
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const benches: [string, (quick: boolean) => Promise<BenchResult>][] = [
  ['engine', engineBench],
  ['e2e', e2eBench],
  ['restart', restartBench],
  ['parked', parkedBench],
  ['piece', pieceBench],
]

// A child: run one benchmark and write its result where the parent reads it.
const childArg = process.argv.find((a) => a.startsWith('--bench-child='))?.slice('--bench-child='.length)
if (childArg !== undefined) {
  const split = childArg.indexOf(':')
  const name = childArg.slice(0, split)
  const bench = benches.find(([n]) => n === name)?.[1]
  if (bench === undefined) throw new Error(`no benchmark named ${name}`)
  await writeFile(childArg.slice(split + 1), JSON.stringify(await bench(quick)))
  process.exit(0)
}

/** Runs one benchmark in a new process; its output goes to this one's. */
function inChild(name: string): Promise<BenchResult> {
  const passed = process.argv.slice(2).filter((a) => !a.startsWith('--only=') && !a.startsWith('--out='))
  return childResult<BenchResult>(
    self,
    (file) => [...passed, `--bench-child=${name}:${file}`],
    `benchmark ${name}`,
  )
}

const startedAt = new Date().toISOString()
const loadBefore = loadavg()
const t0 = performance.now()
console.log(
  `mode: ${quick ? 'quick' : 'full'}; node ${process.version}; ${cpus().length} cpus (${cpus()[0]?.model}); load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
)
const results: BenchResult[] = []
for (const [name] of benches) {
  if (only !== undefined && !only.includes(name)) continue
  console.log(`\n[${name}]`)
  const t = performance.now()
  results.push(await inChild(name))
  console.log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`)
}
const seconds = (performance.now() - t0) / 1000
const loadAfter = loadavg()
const targets = results.flatMap((r) => r.targets.map((t) => ({ bench: r.bench, ...t })))
console.log(`\ntargets:`)
for (const t of targets)
  console.log(
    `  ${t.met ? 'MET   ' : 'MISSED'} ${t.bench}: ${t.name} = ${t.value.toPrecision(3)} (${t.target})`,
  )
// `--out=name` writes bench/results/name.json instead of latest.json (runs side by side).
const outName = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? 'latest'
const out = fileURLToPath(new URL(`./results/${outName}.json`, import.meta.url))
await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true })
await writeFile(
  out,
  `${JSON.stringify(
    {
      mode: quick ? 'quick' : 'full',
      startedAt,
      seconds,
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadavgBefore: loadBefore,
      loadavgAfter: loadAfter,
      results,
      targets,
    },
    null,
    2,
  )}\n`,
)
console.log(`\ntotal ${seconds.toFixed(1)} s; load after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`)
console.log(`results: ${out}`)
