/**
 * The crash soak: many seeds of the crash harness (test/reliability/crash), each killing the demo
 * flow at seeded datastore writes until its deals finish. Prints the figures docs/reliability.md
 * quotes; exits 1 when a seed breaks a property, with the command that replays it.
 *
 *   npm run soak                                  20 seeds from 1, 5 deals, about 12 crashes each
 *   npm run soak -- --seeds 50 --seed 100 --deals 4 --kills 10 --modes torn
 */
import { parseArgs } from 'node:util'
import type { CrashPlan } from '../test/reliability/crash/child.ts'
import { type CrashRunResult, describe, runCrashSeed } from '../test/reliability/crash/harness.ts'
import { removeChildBundle } from '../test/reliability/crash/spawn.ts'

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '20' },
    deals: { type: 'string', default: '5' },
    size: { type: 'string', default: '512' },
    kills: { type: 'string', default: '12' },
    modes: { type: 'string' },
    'crash-seed': { type: 'string' },
  },
})
const first = Number(values.seed)
const seeds = Number(values.seeds)
const deals = Number(values.deals)
const size = Number(values.size)
const kills = Number(values.kills)
const modes = values.modes?.split(',') as CrashPlan['mode'][] | undefined
for (const [name, value] of Object.entries({ seed: first, seeds, deals, size, kills })) {
  if (!Number.isInteger(value) || value < (name === 'seed' ? 0 : 1)) {
    console.error(`soak: --${name} must be a positive integer`)
    process.exit(2)
  }
}

const started = Date.now()
const failed: CrashRunResult[] = []
let crashPoints = 0
let torn = 0
let dealsRun = 0
try {
  for (let seed = first; seed < first + seeds; seed++) {
    const crashSeed = values['crash-seed'] === undefined ? {} : { crashSeed: Number(values['crash-seed']) }
    const result = await runCrashSeed({
      seed,
      deals,
      size,
      kills,
      ...crashSeed,
      ...(modes === undefined ? {} : { modes }),
    })
    crashPoints += result.crashes.length
    torn += result.crashes.filter((c) => c.mode === 'torn').length
    dealsRun += result.deals
    const status = result.violations.length === 0 ? 'ok' : 'FAILED'
    console.log(
      `seed ${seed}: ${status}, ${result.crashes.length} crashes (${describe(result.crashes)}) over ${result.writes} writes`,
    )
    if (result.violations.length > 0) {
      failed.push(result)
      for (const violation of result.violations) console.log(`  ${violation}`)
      console.log(`  replay: ${result.replay}`)
    }
  }
} finally {
  await removeChildBundle()
}
const lost = failed.length === 0 ? 0 : 'see failures'
console.log(
  `\n${seeds} seeds, ${crashPoints} crash points tried (${torn} torn batches), ${dealsRun} deals, ` +
    `lost: ${lost}, ${failed.length} seeds failed, ${((Date.now() - started) / 1000).toFixed(0)} s`,
)
process.exit(failed.length === 0 ? 0 : 1)
