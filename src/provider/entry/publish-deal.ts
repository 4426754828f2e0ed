/**
 * PublishDeal (StorageDealPublish): hand the deal to the publisher, which sends it with others in
 * one publish-storage-deals message.
 *
 * @module
 */

import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * DealPublishInitiated with the message CID; NodeErrored when the deal cannot be published. While
 * the wallet cannot pay, each postponement is recorded with InsufficientFunds (the reference leaves
 * the deal silently in Publish until a restart).
 */
export async function publishDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  try {
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
