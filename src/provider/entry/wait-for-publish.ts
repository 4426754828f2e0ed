/**
 * WaitForPublish (StorageDealPublishing): wait for the publish message to execute and learn the
 * deal id the market actor gave the proposal.
 *
 * @module
 */

import { StepText, wrap } from '../messages.ts'
import { type ProviderContext, type ProviderStep, releaseReservedFunds } from './context.ts'

/** DealPublished with the deal id; DealPublishError when the message failed or the deal was refused. */
export async function waitForPublish(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  if (deal.PublishCid === null) return { type: 'ProviderEventDealPublishError', error: StepText.noPublishCid }
  let result: Awaited<ReturnType<typeof env.node.waitForPublishDeals>>
  try {
    result = await env.node.waitForPublishDeals(deal.PublishCid, deal.Proposal, { signal })
  } catch (error) {
    return { type: 'ProviderEventDealPublishError', error: wrap(StepText.publishWait, error) }
  }
  // The market actor now locks the collateral, so the reservation is no longer needed. When the
  // node refuses, the amount stays in FundsReserved and is released later (by the deal's end).
  await releaseReservedFunds(ctx)
  return { type: 'ProviderEventDealPublished', dealId: Number(result.dealId), finalCid: result.finalCid }
}
