/**
 * DecideOnProposal (StorageDealAcceptWait): run the deal filter, then tell the client the deal is
 * accepted and close its stream.
 *
 * @module
 */

import { DealStreamNotFoundError, messageOf } from '../../errors.ts'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * DataRequested once the acceptance is sent (or cannot be, because a restart lost the stream);
 * DealRejected or SendResponseFailed otherwise.
 */
export async function decideOnProposal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  let decision: Awaited<ReturnType<typeof env.decide>>
  try {
    decision = await env.decide(deal, { signal })
  } catch (error) {
    return { type: 'ProviderEventDealRejected', error: wrap(StepText.decisionFailed, error) }
  }
  if (!decision.accept) return { type: 'ProviderEventDealRejected', error: decision.reason }
  try {
    await env.sendSignedResponse(
      { State: 'StorageDealWaitingForData', Message: '', Proposal: deal.ProposalCid, PublishMessage: null },
      { signal },
    )
  } catch (error) {
    // No stream kept for the deal: the provider restarted after deciding, perhaps after the client
    // got the answer. The decision stands; a client that missed it proposes again and is answered
    // with the deal's state, or learns it from a status query.
    if ((error as { code?: unknown }).code !== DealStreamNotFoundError.code)
      return { type: 'ProviderEventSendResponseFailed', error: messageOf(error) }
  }
  await disconnect(ctx)
  return { type: 'ProviderEventDataRequested' }
}

/** Close the client's stream; a failure only matters to the log. */
export async function disconnect(ctx: ProviderContext): Promise<void> {
  try {
    await ctx.env.disconnect(ctx.record.ProposalCid)
  } catch (error) {
    ctx.env.logger.warn(`deal ${ctx.record.ProposalCid}: closing the deal stream failed: ${messageOf(error)}`)
  }
}
