/**
 * PublishDeal (StorageDealPublish): hand the deal to the publisher, which sends it with others in
 * one publish-storage-deals message.
 *
 * @module
 */

import { pollScheduleFor } from '../../fsm/poll-schedule.ts'
import type { ClientDealProposal, MinerDeal } from '../../market/index.ts'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * How long a deal whose search for an earlier publish message failed waits before searching
 * again, in clock ms (one mainnet block time). Every such deal waits on one shared schedule.
 */
export const PUBLISH_SEARCH_RETRY_MS = 30_000

/**
 * DealPublishInitiated with the message CID (the one already sent for this deal, if the node finds
 * one: the deal is never published twice); NodeErrored when the deal cannot be published. While
 * the wallet cannot pay, each postponement is recorded with InsufficientFunds (the reference leaves
 * the deal silently in Publish until a restart). A search for an earlier message that fails (the
 * node bounds it) is tried again later; once the head reaches the start epoch without an answer
 * the deal fails rather than risk a second publish.
 */
export async function publishDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  try {
    // After a restart the message may already be out, sent before the crash that lost its CID.
    const proposal = { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature }
    const sent = await findEarlierPublish(ctx, proposal)
    if (typeof sent === 'string') return { type: 'ProviderEventNodeErrored', error: sent }
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

type Found = Awaited<ReturnType<NonNullable<ProviderContext['env']['node']['findPublishMessage']>>>

/**
 * The earlier publish message of the proposal, if any; a failure message when the search kept
 * failing until the start epoch. Throws only when the signal aborts.
 */
async function findEarlierPublish(
  ctx: ProviderContext,
  proposal: ClientDealProposal,
): Promise<Found | string> {
  const { record: deal, env, signal } = ctx
  if (env.node.findPublishMessage === undefined) return undefined
  for (let attempt = 1; ; attempt++) {
    try {
      return await env.node.findPublishMessage(proposal, { signal })
    } catch (error) {
      if (signal.aborted) throw error
      if (!(await beforeStart(ctx, deal))) return wrap(StepText.publishSearch, error)
      if (attempt === 1)
        env.logger.warn(`deal ${deal.ProposalCid}: ${wrap(StepText.publishSearchRetry, error)}`)
      await pollScheduleFor(env.clock, PUBLISH_SEARCH_RETRY_MS).wait(signal)
    }
  }
}

/** Whether the head is still before the deal's start epoch (false when the head cannot be read). */
async function beforeStart({ env, signal }: ProviderContext, deal: MinerDeal): Promise<boolean> {
  try {
    return (await env.node.getChainHead({ signal })).epoch < deal.Proposal.StartEpoch
  } catch {
    return false
  }
}
