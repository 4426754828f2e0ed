/**
 * PublishDeal (StorageDealPublish): hand the deal to the publisher, which sends it with others in
 * one publish-storage-deals message.
 *
 * @module
 */

import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * DealPublishInitiated with the message CID (the one already sent for this deal, if the node finds
 * one: the deal is never published twice); NodeErrored when the deal cannot be published. While
 * the wallet cannot pay, each postponement is recorded with InsufficientFunds (the reference leaves
 * the deal silently in Publish until a restart).
 */
export async function publishDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  try {
    // After a restart the message may already be out, sent before the crash that lost its CID.
    const proposal = { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature }
    const sent = await env.node.findPublishMessage?.(proposal, { signal })
    if (sent !== undefined) return { type: 'ProviderEventDealPublishInitiated', publishCid: sent }
    const publishCid = await env.publish(deal, {
      signal,
      onDelayed: (reason) => void ctx.trigger({ type: 'ProviderEventInsufficientFunds', error: reason }),
    })
    return { type: 'ProviderEventDealPublishInitiated', publishCid }
  } catch (error) {
    if (signal.aborted) return undefined
    return { type: 'ProviderEventNodeErrored', error: wrap(StepText.publishCall, error) }
  }
}
