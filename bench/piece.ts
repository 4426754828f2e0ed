/**
 * 5. Piece CID: MB/s and peak RSS of our pieceCommitmentOfFile (worker threads above 8 MiB), the
 * fr32 WASM hasher alone and @web3-storage/data-segment's streaming hasher, each streaming the same
 * temporary file in its own process. Ours runs from the sources (its workers load tsx first) and,
 * when the package is built (`npm run build`, or `PIECE_DIST=<outDir>`), from the built files too;
 * the targets (1 GiB, full mode) use the built figures when there are any. Full mode: 64 MiB and
 * 1 GiB (data-segment at 1 GiB only with `--piece-data-segment-1g`: about 7 minutes at its rate);
 * quick mode: 16 MiB.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { seededBytes } from '../src/embedded/demo.ts'
import { type BenchResult, figure, MiB, newResult, note, target } from './util.ts'

const run = promisify(execFile)

interface Measure {
  readonly variant: string
  readonly size: number
  readonly seconds: number
  readonly cpuSeconds: number
  readonly root: string
  readonly rssBefore: number
  readonly maxRss: number
}

async function measure(variant: string, path: string): Promise<Measure> {
  const worker = fileURLToPath(new URL('./piece-worker.ts', import.meta.url))
  const { stdout } = await run(process.execPath, ['--import', 'tsx', worker, variant, path], {
    maxBuffer: 1 << 20,
  })
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Measure
}

/** Writes `size` pseudo-random bytes to `path`, 4 MiB at a time. */
async function writeInput(path: string, size: number): Promise<void> {
  const file = await open(path, 'w')
  try {
    for (let at = 0, block = 0; at < size; at += 4 * MiB, block++) {
      await file.write(seededBytes(7 + block, Math.min(4 * MiB, size - at)))
    }
  } finally {
    await file.close()
  }
}

/** Whether the built package has the worker-thread hasher. */
function builtAvailable(): boolean {
  const dist = process.env.PIECE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))
  return existsSync(join(dist, 'adapters/piece/parallel-hasher.js'))
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

export async function pieceBench(quick: boolean): Promise<BenchResult> {
  const result = newResult('piece')
  const dir = await mkdtemp(join(tmpdir(), 'piece-bench-'))
  const sizes = quick ? [16 * MiB] : [64 * MiB, 1024 * MiB]
  const withSegment1g = process.argv.includes('--piece-data-segment-1g')
  note(result, `load average before: ${load()} on ${availableParallelism()} CPUs`)
  try {
    for (const size of sizes) {
      const label = size >= 1024 * MiB ? `${size / (1024 * MiB)} GiB` : `${size / MiB} MiB`
      const path = join(dir, `input-${label.replace(' ', '')}`)
      await writeInput(path, size)
      const ours = builtAvailable() ? 'ours-dist' : 'ours'
      const variants = ['wasm', ours, ...(ours === 'ours' ? [] : ['ours']), 'data-segment'].filter(
        (v) => v !== 'data-segment' || size < 1024 * MiB || withSegment1g,
      )
      const rates: Record<string, number> = {}
      const roots = new Set<string>()
      for (const variant of variants) {
        const m = await measure(variant, path)
        roots.add(m.root)
        rates[variant] = size / 1e6 / m.seconds
        figure(
          result,
          `${label}: ${variant} MB/s`,
          rates[variant] as number,
          'MB/s',
          `${m.seconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} CPU-s in all threads`,
        )
        figure(
          result,
          `${label}: ${variant} peak RSS`,
          m.maxRss / MiB,
          'MiB',
          `process peak (VmHWM on Linux, workers included); ${(m.rssBefore / MiB).toFixed(0)} MiB before hashing`,
        )
        if (variant === ours && size >= 1024 * MiB) {
          target(result, `${label}: ${ours} peak RSS (MiB)`, m.maxRss / MiB, '<=', 300)
        }
      }
      if (roots.size !== 1) throw new Error(`the variants disagree on the ${label} piece root: ${[...roots]}`)
      const ratio = (rates[ours] as number) / (rates.wasm as number)
      if (size >= 1024 * MiB) target(result, `${label}: ${ours} / wasm alone`, ratio, '>=', 1.5)
      else figure(result, `${label}: ${ours} / wasm alone`, ratio, 'ratio')
      if (rates['data-segment'] !== undefined) {
        figure(
          result,
          `${label}: ${ours} / data-segment`,
          (rates[ours] as number) / rates['data-segment'],
          'ratio',
        )
      }
      await rm(path, { force: true })
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  note(result, `load average after: ${load()}`)
  note(
    result,
    'each variant streams the same temp file in its own node process; ours-dist = the built package, ours = the sources under tsx (workers load tsx first); all agree on the root',
  )
  return result
}
