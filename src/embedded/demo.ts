/**
 * The embedded demo behind `fildeal demo`: generated files become deals that run through
 * transfer, publication, sealing and activation to expiry on a fast-forwarded virtual clock.
 *
 * @module
 */
import type { AbortOptions } from '../adapters/node.ts'
import type { DemoOptions, DemoResult, EmbeddedMarket } from './api.ts'
import { clearDemoRun, type DemoRunPlan, readDemoRun, writeDemoRun } from './demo-run.ts'
import { createEmbeddedMarket, embeddedDatastoreOf } from './market.ts'

/** Bytes from a small seeded generator (mulberry32), so a seed always gives the same files. */
export function seededBytes(seed: number, size: number): Uint8Array {
  let state = seed >>> 0
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const word = (t ^ (t >>> 14)) >>> 0
    for (let j = 0; j < 4 && i + j < size; j++) bytes[i + j] = (word >>> (8 * j)) & 0xff
  }
  return bytes
}

/**
 * Runs the demo: `deals` generated files of `size` bytes are imported, their piece CIDs computed
 * and proposed as deals, and the chain is fast-forwarded until every deal is final. With a
 * `store` that holds an unfinished run, that run is finished instead of starting new deals (and
 * the deals it had not proposed yet when it stopped are proposed first, from its own plan); a
 * store whose deals all finished gets new ones on the same chain.
 *
 * @example
 * const { summary } = await runDemo({ deals: 10, onProgress: (p) => console.log(p.client) })
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const deals = options.deals ?? 10
  const size = options.size ?? 4_096
  const seed = options.seed ?? 1
  if (!Number.isInteger(deals) || deals < 0) throw new RangeError(`cannot make ${deals} deals`)
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`cannot generate files of ${size} bytes`)
  const market = await createEmbeddedMarket({
    seed,
    ...(options.store === undefined ? {} : { store: options.store }),
    ...(options.chain === undefined ? {} : { chain: options.chain }),
    ...(options.epochsPerStep === undefined ? {} : { epochsPerStep: options.epochsPerStep }),
    ...(options.msPerStep === undefined ? {} : { msPerStep: options.msPerStep }),
  })
  const unsubscribe = options.onProgress === undefined ? undefined : market.onProgress(options.onProgress)
  // Only the signal: the demo's own options (its onProgress) mean nothing to an import.
  const abort = options.signal === undefined ? {} : { signal: options.signal }
  try {
    await market.start()
    const firstEpoch = market.epoch
    const datastore = embeddedDatastoreOf(market)
    const found = market.progress()
    let plan = await readDemoRun(datastore)
    const resumed = plan !== undefined || found.finished < found.deals.length
    if (!resumed) {
      plan = { deals, size, seed, first: found.deals.length }
      await writeDemoRun(datastore, plan)
    }
    const proposed = plan === undefined ? 0 : await proposePlanned(market, plan, abort)
    if (plan !== undefined) await clearDemoRun(datastore)
    await market.runUntil(undefined, abort)
    const summary = await market.summary(options)
    return { resumed, proposed, epochs: market.epoch - firstEpoch, summary }
  } finally {
    unsubscribe?.()
    await market.stop()
  }
}

/**
 * Imports the plan's files and proposes those not proposed yet (a deal is known by its payload
 * root, so a run resumed after any interruption proposes each file once). Returns how many it
 * proposed.
 */
async function proposePlanned(
  market: EmbeddedMarket,
  plan: DemoRunPlan,
  abort: AbortOptions,
): Promise<number> {
  const known = new Set((await market.client.listLocalDeals()).map((deal) => deal.DataRef?.Root.toString()))
  let proposed = 0
  for (let i = 0; i < plan.deals; i++) {
    // Files differ from one run to the next on the same store: their seed counts earlier deals.
    const data = seededBytes(plan.seed * 1_000_003 + plan.first + i, plan.size)
    const payload = await market.importData(data, abort)
    if (known.has(payload.root.toString())) continue
    await market.proposeDeal({ data: payload }, abort)
    proposed++
  }
  return proposed
}
