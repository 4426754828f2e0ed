/**
 * The crash harness: one seed runs the demo flow twice, once without a crash (the reference) and
 * once killed at seeded datastore writes and restarted on the same store until it finishes, then
 * checks that the crashed run ended where the reference did and lost nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSavedChain } from './chain-view.ts'
import { checkRun, type FinishedRun } from './checks.ts'
import type { ChildReport, CrashPlan } from './child.ts'
import { runChild } from './spawn.ts'

/** Options of one seed's crash run. */
export interface CrashRunOptions {
  /** Seed of the market (keys and files). */
  readonly seed: number
  /** Seed of the crash points. @default `seed` */
  readonly crashSeed?: number
  /** Deals of the demo flow. @default 3 */
  readonly deals?: number
  /** Bytes of each file. @default 512 */
  readonly size?: number
  /** Crashes to aim for before the run is let finish. @default 8 */
  readonly kills?: number
  /** Kinds of crash drawn from. @default all three */
  readonly modes?: readonly CrashPlan['mode'][]
  /** Crash exactly here instead of at random writes: one crash per entry, in order. */
  readonly script?: readonly CrashPoint[]
}

/** One crash: where the child died. */
export interface CrashPoint {
  readonly killAt?: number
  readonly mode: CrashPlan['mode']
  readonly prefix: number
  /** See {@link CrashPlan.killAfter}. */
  readonly killAfter?: string
}

/** What a seed's crash run found. */
export interface CrashRunResult {
  readonly seed: number
  readonly deals: number
  /** Writes of the run without crashes. */
  readonly writes: number
  readonly crashes: readonly CrashPoint[]
  /** Property violations; empty when the run passed. */
  readonly violations: readonly string[]
  /** The command that replays this seed. */
  readonly replay: string
}

/** mulberry32: a small seeded generator, so a seed always draws the same crash points. */
export function rng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const ALL_MODES: readonly CrashPlan['mode'][] = ['before', 'after', 'torn']

/** A finished run without crashes, the yardstick of crashed runs of the same seed. */
export interface Reference extends FinishedRun {
  readonly seed: number
  readonly deals: number
  readonly size: number
  /** Deletes its store. */
  dispose(): Promise<void>
}

/** Runs the demo flow of `seed` without crashes. */
export async function runReference(seed: number, deals = 3, size = 512): Promise<Reference> {
  const dir = await mkdtemp(join(tmpdir(), `fildeal-reference-${seed}-`))
  const dispose = () => rm(dir, { recursive: true, force: true })
  try {
    const store = join(dir, 'store')
    const outcome = await runChild({ seed, deals, size, mode: 'before', prefix: 0, killAt: undefined, store })
    if (outcome.kind !== 'finished') {
      const detail = outcome.kind === 'failed' ? outcome.stderr : 'killed'
      throw new Error(`the run of seed ${seed} without crashes failed: ${lastLines(detail)}`)
    }
    return { seed, deals, size, report: outcome.report, chain: await loadSavedChain(store), dispose }
  } catch (error) {
    await dispose()
    throw error
  }
}

/**
 * Runs one seed: the crashed run (crash points drawn from `crashSeed`, or `script`) against
 * `reference` (run here when not given), then the checks.
 */
export async function runCrashSeed(options: CrashRunOptions, given?: Reference): Promise<CrashRunResult> {
  const { seed } = options
  const deals = options.deals ?? 3
  const size = options.size ?? 512
  const kills = options.kills ?? 8
  const crashSeed = options.crashSeed ?? seed
  const modes = options.modes ?? ALL_MODES
  const replay =
    `npm run soak -- --seed ${seed} --seeds 1 --deals ${deals} --size ${size} --kills ${kills}` +
    (options.crashSeed === undefined ? '' : ` --crash-seed ${crashSeed}`) +
    (options.modes === undefined ? '' : ` --modes ${modes.join(',')}`)
  const crashes: CrashPoint[] = []
  const violations: string[] = []
  let reference = given
  if (
    reference !== undefined &&
    (reference.seed !== seed || reference.deals !== deals || reference.size !== size)
  )
    throw new Error('the reference run is of another seed or size')
  try {
    reference ??= await runReference(seed, deals, size)
  } catch (error) {
    return { seed, deals, writes: 0, crashes, violations: [(error as Error).message], replay }
  }
  const dir = await mkdtemp(join(tmpdir(), `fildeal-crash-${seed}-`))
  try {
    const base = { seed, deals, size, mode: 'before' as const, prefix: 0, killAt: undefined }
    const writes = reference.report.writes
    const random = rng(crashSeed)
    // Crash points spread so that about `kills` of them fall inside one run's writes.
    const span = Math.max(1, Math.ceil((2 * writes) / kills))
    const store = join(dir, 'crashed')
    let final: ChildReport | undefined
    for (let run = 0; final === undefined; run++) {
      const scripted = options.script
      const crash: CrashPoint | undefined =
        scripted !== undefined
          ? scripted[run]
          : crashes.length < kills && run < 4 * kills
            ? {
                killAt: 1 + Math.floor(random() * span),
                mode: modes[Math.floor(random() * modes.length)] ?? 'before',
                prefix: Math.floor(random() * 1_000),
              }
            : undefined
      const outcome = await runChild({ ...base, ...crash, store })
      if (outcome.kind === 'killed' && crash !== undefined) crashes.push(crash)
      else if (outcome.kind === 'finished' && crash?.killAfter !== undefined) {
        violations.push(`run ${run + 1} finished without reaching ${crash.killAfter}`)
        final = outcome.report
      } else if (outcome.kind === 'finished') final = outcome.report
      else {
        const detail = outcome.kind === 'failed' ? outcome.stderr : 'killed without a plan'
        violations.push(`run ${run + 1} after crashes ${describe(crashes)} failed: ${lastLines(detail)}`)
        break
      }
    }
    if (final !== undefined) {
      const crashed = { report: final, chain: await loadSavedChain(store) }
      violations.push(...(await checkRun({ deals, reference, crashed })))
    }
    return { seed, deals, writes, crashes, violations, replay }
  } finally {
    await rm(dir, { recursive: true, force: true })
    if (given === undefined) await reference.dispose()
  }
}

/** Crash points as `write/mode[/prefix]`, for messages. */
export function describe(crashes: readonly CrashPoint[]): string {
  if (crashes.length === 0) return '(none)'
  return crashes
    .map((c) =>
      c.killAfter !== undefined
        ? `after-${c.killAfter}`
        : `${c.killAt}/${c.mode}${c.mode === 'torn' ? `/${c.prefix}` : ''}`,
    )
    .join(' ')
}

function lastLines(text: string): string {
  return text.split('\n').slice(-12).join('\n')
}
