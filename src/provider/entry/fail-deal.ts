/**
 * FailDeal (StorageDealFailing): release everything a failed deal holds, then end it in Error.
 *
 * @module
 */

import { StepText, wrap } from '../messages.ts'
import { removeStagedFiles } from './cleanup-deal.ts'
import { type ProviderContext, type ProviderStep, peerTag } from './context.ts'
import { disconnect } from './decide-on-proposal.ts'

/**
 * Failed once the client tag, the deal stream, the staged files and the reserved collateral are
 * released. When the node refuses to release the collateral the deal ends with NodeErrored
 * instead, so the reservation that is still held shows on the record.
 */
export async function failDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  env.logger.warn(`deal ${deal.ProposalCid} failed: ${deal.Message}`)
  env.untagPeer(deal.Client, peerTag(deal))
  await disconnect(ctx)
  for (const failure of await removeStagedFiles(ctx)) {
    env.logger.warn(`deal ${deal.ProposalCid}: ${wrap(StepText.cleanup, failure)}`)
  }
  const amount = deal.FundsReserved
  if (amount > 0n) {
    try {
      await env.node.releaseFunds(deal.Proposal.Provider, amount, { signal })
    } catch (error) {
      return { type: 'ProviderEventNodeErrored', error: wrap(StepText.releaseFunds, error) }
    }
    await ctx.trigger({ type: 'ProviderEventFundsReleased', amount })
  }
  return { type: 'ProviderEventFailed' }
}
