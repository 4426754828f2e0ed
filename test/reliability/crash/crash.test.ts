import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CrashRunResult,
  describe as crashes,
  type Reference,
  runCrashSeed,
  runReference,
} from './harness.ts'
import { removeChildBundle } from './spawn.ts'

// Every scenario compares with one run of market seed 1 without crashes. The longer soak is
// `npm run soak`.
const SEED = 1
const DEALS = 2
const TIMEOUT = 120_000
let reference: Reference

beforeAll(async () => {
  reference = await runReference(SEED, DEALS)
}, TIMEOUT)

afterAll(async () => {
  await reference?.dispose()
  await removeChildBundle()
})

function expectClean(result: CrashRunResult, crashCount: number): void {
  const context = `crashes ${crashes(result.crashes)}; replay: ${result.replay}`
  expect(result.violations, context).toEqual([])
  expect(result.crashes, context).toHaveLength(crashCount)
}

describe('the demo flow killed with SIGKILL and restarted on its LevelDB store', () => {
  it(
    'ends as the run without crashes did, after crashes at seeded writes (before, after and inside a write)',
    async () => {
      for (const crashSeed of [11, 12]) {
        const result = await runCrashSeed({ seed: SEED, crashSeed, deals: DEALS, kills: 3 }, reference)
        expect(result.violations, `crashes ${crashes(result.crashes)}; replay: ${result.replay}`).toEqual([])
        expect(result.crashes.length).toBeGreaterThanOrEqual(2)
      }
    },
    2 * TIMEOUT,
  )

  it(
    'publishes each deal once when the market dies between sending the publish message and recording it',
    async () => {
      const script = [{ killAfter: 'PublishStorageDeals', mode: 'before' as const, prefix: 0 }]
      expectClean(await runCrashSeed({ seed: SEED, deals: DEALS, script }, reference), 1)
    },
    TIMEOUT,
  )

  it(
    'keeps a deal whose acceptance the client read just before the provider could record it',
    async () => {
      const script = [{ killAfter: 'dealResponse', mode: 'before' as const, prefix: 0 }]
      expectClean(await runCrashSeed({ seed: SEED, deals: DEALS, script }, reference), 1)
    },
    TIMEOUT,
  )

  it(
    'packs each deal into one sector when the market dies between the hand-off and recording it',
    async () => {
      const script = [{ killAfter: 'handOff', mode: 'before' as const, prefix: 0 }]
      expectClean(await runCrashSeed({ seed: SEED, deals: DEALS, script }, reference), 1)
    },
    TIMEOUT,
  )

  it(
    'creates the store again when a crash interrupted its creation (keys, genesis, escrow deposits)',
    async () => {
      const script = [
        { killAt: 2, mode: 'after' as const, prefix: 0 },
        { killAt: 3, mode: 'after' as const, prefix: 0 },
        { killAt: 4, mode: 'torn' as const, prefix: 1 },
      ]
      expectClean(await runCrashSeed({ seed: SEED, deals: DEALS, script }, reference), 3)
    },
    TIMEOUT,
  )
})
