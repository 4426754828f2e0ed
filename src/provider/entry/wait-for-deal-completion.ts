/**
 * WaitForDealCompletion (StorageDealActive, a parked state): register a watcher for the end of the
 * deal and return; the watcher wakes the deal when it expires or is slashed.
 *
 * @module
 */

import { messageOf } from '../../errors.ts'
import type { ProviderEvent } from '../events.ts'
import { StepText, wrap } from '../messages.ts'
import {
  type ProviderContext,
  type ProviderStep,
  peerTag,
  releaseReservedFunds,
  releaseUntilDone,
} from './context.ts'

/**
 * Resolves with DealCompletionFailed when the watch cannot start, else with nothing once it is
 * registered: the watcher later triggers DealExpired, DealSlashed or DealCompletionFailed, each
 * only once what the deal still holds in FundsReserved is released.
 */
export async function waitForDealCompletion(ctx: ProviderContext): ProviderStep {
  const { record: deal, env } = ctx
  env.untagPeer(deal.Client, peerTag(deal))
  // The deal holds no actor while parked, so the watch lives as long as the provider, not the run.
  const signal = AbortSignal.any([ctx.signal, env.lifetime])
  // A reservation the node refused to release at publish is asked for again now, and, if still
  // refused, before the deal ends: it never ends holding a reservation.
  let held = await releaseReservedFunds(ctx, deal.FundsReserved, signal)
  const report = (event: ProviderEvent): void => {
    void (async () => {
      if (held > 0n && !(await releaseUntilDone(ctx, held, signal))) return
      held = 0n
      await ctx.trigger(event)
    })()
  }
  try {
    await env.node.onDealExpiredOrSlashed(
      BigInt(deal.DealID),
      (error) =>
        report(
          error === undefined
            ? { type: 'ProviderEventDealExpired' }
            : { type: 'ProviderEventDealCompletionFailed', error: wrap(StepText.expiryWatch, error) },
        ),
      (result) =>
        report(
          result instanceof Error
            ? { type: 'ProviderEventDealCompletionFailed', error: wrap(StepText.slashingWatch, result) }
            : { type: 'ProviderEventDealSlashed', slashEpoch: result.slashEpoch },
        ),
      { signal, endEpoch: deal.Proposal.EndEpoch },
    )
  } catch (error) {
    if (held > 0n && !(await releaseUntilDone(ctx, held, signal))) return undefined
    return { type: 'ProviderEventDealCompletionFailed', error: messageOf(error) }
  }
  return undefined
}
