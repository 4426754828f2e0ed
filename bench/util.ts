/** Shared helpers of the benchmarks: timing, heap, results. */

export interface Figure {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly note?: string
}

/** One benchmark's figures, ratios and target checks. */
export interface BenchResult {
  readonly bench: string
  readonly figures: Figure[]
  readonly targets: {
    readonly name: string
    readonly value: number
    readonly target: string
    readonly met: boolean
  }[]
  readonly notes: string[]
}

export function newResult(bench: string): BenchResult {
  return { bench, figures: [], targets: [], notes: [] }
}

export function figure(
  result: BenchResult,
  name: string,
  value: number,
  unit: string,
  note?: string,
): number {
  result.figures.push(note === undefined ? { name, value, unit } : { name, value, unit, note })
  console.log(`  ${name}: ${fmt(value)} ${unit}${note === undefined ? '' : ` (${note})`}`)
  return value
}

export function target(
  result: BenchResult,
  name: string,
  value: number,
  op: '>=' | '<=',
  bound: number,
): void {
  const met = op === '>=' ? value >= bound : value <= bound
  result.targets.push({ name, value, target: `${op} ${bound}`, met })
  console.log(`  ${name}: ${fmt(value)} (target ${op} ${bound}: ${met ? 'MET' : 'MISSED'})`)
}

export function note(result: BenchResult, text: string): void {
  result.notes.push(text)
  console.log(`  note: ${text}`)
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  return value.toPrecision(3)
}

/** Full GC (node runs with --expose-gc; see run.ts), a few times so weak and finalised objects go too. */
export async function gc(): Promise<void> {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error('run node with --expose-gc')
  for (let i = 0; i < 3; i++) {
    collect()
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

export async function heapAfterGc(): Promise<number> {
  await gc()
  return process.memoryUsage().heapUsed
}

/** Samples heapUsed every `ms` on a timer (so only between macrotasks) and keeps the peak. */
export function heapSampler(ms = 20): { sample(): void; stop(): number } {
  let peak = process.memoryUsage().heapUsed
  const sample = (): void => {
    const used = process.memoryUsage().heapUsed
    if (used > peak) peak = used
  }
  const timer = setInterval(sample, ms)
  return {
    sample,
    stop() {
      clearInterval(timer)
      sample()
      return peak
    },
  }
}

export const MiB = 1024 * 1024
