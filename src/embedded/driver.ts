/**
 * Moving an embedded market through time: the chain and the clock advance together, an epoch's
 * worth of clock time per epoch, and after each step the market waits until the deals have
 * reacted before the next one.
 *
 * @module
 */
import { realClock } from '../adapters/clock.ts'
import { AbortError, EmbeddedTimeoutError } from '../errors.ts'
import type { DealProgress, RunOptions } from './api.ts'
import type { MarketContext } from './context.ts'

/** Most rounds of due timers one settle fires. */
const MAX_DUE_ROUNDS = 100

/** Most passes one wait for a quiet chain connection takes. */
const MAX_QUIET_ROUNDS = 10_000

/** Waits until deals, chain and stores are quiet, firing clock timers that fell due meanwhile. */
export async function settle(ctx: MarketContext): Promise<void> {
  const { clock } = ctx
  await quiet(ctx)
  // Bounded: a timer that keeps re-arming itself at zero delay (a polling interval of 0) would
  // otherwise hold time still for ever; the next step fires it again.
  for (let round = 0; round < MAX_DUE_ROUNDS; round++) {
    if ((clock.nextDue() ?? Number.POSITIVE_INFINITY) > clock.now()) return
    await clock.runDue()
    await quiet(ctx)
  }
}

/**
 * Waits for a lull of the market and, when the nodes reach the chain over a connection, of that
 * connection too: a pass in which neither the market nor the connection moved.
 */
async function quiet(ctx: MarketContext): Promise<void> {
  const { activity, link } = ctx
  await activity.quiet()
  if (link.idle === undefined) return
  for (let round = 0; round < MAX_QUIET_ROUNDS; round++) {
    const before = activity.version + link.ticks()
    await link.idle()
    await activity.quiet()
    if (activity.version + link.ticks() === before) return
  }
}

/** Moves `epochs` epochs in steps of `epochsPerStep`, calling `onStep` after each. */
export async function advance(ctx: MarketContext, epochs: number, onStep: () => void): Promise<void> {
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`cannot advance by ${epochs} epochs`)
  const step = Math.max(1, ctx.init.epochsPerStep ?? 1)
  for (let left = epochs; left > 0; ) {
    const n = Math.min(left, step)
    await ctx.chain.advance(n)
    await ctx.clock.advance(n * ctx.epochMs)
    await settle(ctx)
    left -= n
    onStep()
  }
}

/** Advances until `predicate` holds; EmbeddedTimeoutError after `options.maxEpochs` (default 10,000). */
export async function runUntil(
  ctx: MarketContext,
  predicate: (progress: DealProgress) => boolean,
  options: RunOptions,
  onStep: () => void,
): Promise<DealProgress> {
  const maxEpochs = options.maxEpochs ?? 10_000
  const step = Math.max(1, ctx.init.epochsPerStep ?? 1)
  const pause = ctx.init.msPerStep ?? 0
  let moved = 0
  await settle(ctx)
  for (;;) {
    const progress = ctx.tracker.progress(ctx.chain.head.height)
    if (predicate(progress)) return progress
    if (moved >= maxEpochs) throw new EmbeddedTimeoutError(moved, ctx.tracker.stuck())
    if (options.signal?.aborted === true) throw new AbortError(undefined, { cause: options.signal.reason })
    const n = Math.min(step, maxEpochs - moved)
    await advance(ctx, n, onStep)
    moved += n
    // A pause only for people watching: deals react to the virtual clock, never to this one.
    if (pause > 0) await realClock.sleep(pause, options.signal)
  }
}
