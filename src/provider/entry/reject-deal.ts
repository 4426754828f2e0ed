/**
 * RejectDeal (StorageDealRejecting): send the client the refusal with its reason, then close the
 * stream.
 *
 * @module
 */

import { messageOf } from '../../errors.ts'
import type { ProviderContext, ProviderStep } from './context.ts'
import { disconnect } from './decide-on-proposal.ts'

/** RejectionSent once the refusal is written; SendResponseFailed when it cannot be. */
export async function rejectDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  try {
    await env.sendSignedResponse(
      {
        State: 'StorageDealFailing',
        Message: deal.Message,
        Proposal: deal.ProposalCid,
        PublishMessage: null,
      },
      { signal },
    )
  } catch (error) {
    return { type: 'ProviderEventSendResponseFailed', error: messageOf(error) }
  }
  await disconnect(ctx)
  return { type: 'ProviderEventRejectionSent' }
}
