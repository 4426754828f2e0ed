/**
 * Starting the crash child: bundled once per process with esbuild (loading one file is several
 * times faster than loading the sources through tsx, and a crash run starts the child many times).
 */
import { spawn } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChildReport, CrashPlan } from './child.ts'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
// Inside the project, so the bundle's bare imports resolve from node_modules.
const bundle = join(root, 'node_modules', '.cache', 'fildeal-crash', `child-${process.pid}.mjs`)
let built: Promise<string> | undefined

/** The child as one ES module file. */
export function childBundle(): Promise<string> {
  built ??= (async () => {
    await mkdir(dirname(bundle), { recursive: true })
    const { build } = await import('esbuild')
    await build({
      entryPoints: [join(here, 'child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: bundle,
      logLevel: 'warning',
    })
    return bundle
  })()
  return built
}

/** How one child run ended. */
export type ChildOutcome =
  | { readonly kind: 'killed' }
  | { readonly kind: 'finished'; readonly report: ChildReport }
  | {
      readonly kind: 'failed'
      readonly code: number | null
      readonly signal: string | null
      readonly stderr: string
    }

/** The environment that makes the child follow `plan`. */
export function childEnv(plan: CrashPlan): Record<string, string> {
  return {
    CRASH_STORE: plan.store,
    CRASH_SEED: String(plan.seed),
    CRASH_DEALS: String(plan.deals),
    CRASH_SIZE: String(plan.size),
    KILL_AT: plan.killAt === undefined ? '' : String(plan.killAt),
    KILL_MODE: plan.mode,
    KILL_PREFIX: String(plan.prefix),
    KILL_AFTER: plan.killAfter ?? '',
  }
}

/** Runs the child once under `plan`. */
export async function runChild(plan: CrashPlan): Promise<ChildOutcome> {
  const file = await childBundle()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...childEnv(plan) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' && (plan.killAt !== undefined || plan.killAfter !== undefined))
        return resolve({ kind: 'killed' })
      const last = stdout.trim().split('\n').at(-1)
      if (code === 0 && last !== undefined && last.startsWith('{')) {
        return resolve({ kind: 'finished', report: JSON.parse(last) as ChildReport })
      }
      resolve({ kind: 'failed', code, signal, stderr: stderr.trim() || stdout.trim() })
    })
  })
}

/** Deletes this process's child bundle. */
export async function removeChildBundle(): Promise<void> {
  if (built === undefined) return
  built = undefined
  await rm(bundle, { force: true })
}
