/** 5. Piece CID: MB/s of our pieceCommitmentOf, the fr32 WASM hasher alone and @web3-storage/data-segment. */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type BenchResult, figure, MiB, newResult, note } from './util.ts'

const run = promisify(execFile)

interface Measure {
  readonly variant: string
  readonly seconds: number
  readonly out: string
  readonly rssBefore: number
  readonly maxRss: number
}

async function measure(variant: string, size: number): Promise<Measure> {
  const worker = fileURLToPath(new URL('./piece-worker.ts', import.meta.url))
  const { stdout } = await run(process.execPath, ['--import', 'tsx', worker, variant, String(size)], {
    maxBuffer: 1 << 20,
  })
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Measure
}

export async function pieceBench(quick: boolean): Promise<BenchResult> {
  const result = newResult('piece')
  const size = (quick ? 16 : 64) * MiB
  const rates: Record<string, number> = {}
  for (const variant of ['ours', 'wasm', 'data-segment']) {
    const m = await measure(variant, size)
    rates[variant] = size / 1e6 / m.seconds
    figure(
      result,
      `${variant} MB/s (${size / MiB} MiB)`,
      rates[variant] as number,
      'MB/s',
      `${m.seconds.toFixed(2)} s`,
    )
    figure(
      result,
      `${variant} peak RSS`,
      m.maxRss / MiB,
      'MiB',
      `process peak; RSS before hashing ${(m.rssBefore / MiB).toFixed(0)} MiB incl. the ${size / MiB} MiB input`,
    )
  }
  figure(result, 'ours / wasm alone', (rates.ours as number) / (rates.wasm as number), 'ratio')
  figure(result, 'ours / data-segment', (rates.ours as number) / (rates['data-segment'] as number), 'ratio')
  note(result, 'each variant runs once in its own node process (peak RSS = getrusage maxRSS of that process)')
  return result
}
