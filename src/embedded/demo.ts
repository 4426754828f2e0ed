/**
 * The embedded demo behind `fildeal demo`: generated files become deals that run through
 * transfer, publication, sealing and activation to expiry on a fast-forwarded virtual clock.
 *
 * @module
 */
import type { DemoOptions, DemoResult } from './api.ts'
import { createEmbeddedMarket } from './market.ts'

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
 * `store` that holds an unfinished run, that run is finished instead of starting new deals; a
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
  try {
    await market.start()
    const firstEpoch = market.epoch
    const found = market.progress()
    const resumed = found.finished < found.deals.length
    let proposed = 0
    if (!resumed) {
      for (let i = 0; i < deals; i++) {
        // Files differ from one run to the next on the same store: their seed counts earlier deals.
        const data = seededBytes(seed * 1_000_003 + found.deals.length + i, size)
        // Only the signal: the demo's own options (its onProgress) mean nothing to an import.
        const abort = options.signal === undefined ? {} : { signal: options.signal }
        const payload = await market.importData(data, abort)
        await market.proposeDeal({ data: payload }, abort)
        proposed++
      }
    }
    await market.runUntil(undefined, options.signal === undefined ? {} : { signal: options.signal })
    const summary = await market.summary(options)
    return { resumed, proposed, epochs: market.epoch - firstEpoch, summary }
  } finally {
    unsubscribe?.()
    await market.stop()
  }
}
