/**
 * What one epoch does to the actor state: the pooled messages execute in order, then the market's
 * cron processes the deals scheduled for the epoch.
 *
 * @module
 */
import { ChainInvariantError } from '../../errors.ts'
import type { TipSetKey } from '../chain.ts'
import { ActorError } from './actor-error.ts'
import type { ExecutionContext } from './context.ts'
import { execute } from './executor.ts'
import type { FaultPlan } from './faults.ts'
import { cronTick } from './market-deals.ts'
import type { MessagePool } from './message-pool.ts'
import type { ChainState } from './state.ts'

/**
 * Runs epoch `ctx.epoch` on `state` (which it may replace) and records each message's execution
 * under `tipSet`. Returns the state after the epoch.
 */
export function runEpoch(
  state: ChainState,
  ctx: ExecutionContext,
  tipSet: TipSetKey,
  pool: MessagePool,
  faults: FaultPlan,
): ChainState {
  let current = state
  current.epoch = ctx.epoch
  for (const entry of pool.drain()) {
    const result = execute(current, ctx, entry.message, faults)
    current = result.state
    entry.execution = { height: ctx.epoch, tipSet, receipt: result.receipt, returnDec: result.returnDec }
  }
  try {
    cronTick(current, ctx)
  } catch (error) {
    // Cron only moves funds the actor itself locked; a refusal there means the books are wrong.
    if (error instanceof ActorError)
      throw new ChainInvariantError(ctx.epoch, `market cron failed: ${error.message}`)
    throw error
  }
  return current
}
