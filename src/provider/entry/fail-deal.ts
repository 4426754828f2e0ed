/**
 * FailDeal (StorageDealFailing): release everything a failed deal holds, then end it in Error.
 *
 * @module
 */

import { StepText, wrap } from '../messages.ts'
import { removeStagedFiles } from './cleanup-deal.ts'
import { type ProviderContext, type ProviderStep, peerTag, releaseUntilDone } from './context.ts'
import { disconnect } from './decide-on-proposal.ts'

/**
 * Failed once the client tag, the deal stream, the staged files and the reserved collateral are
 * released. While the node refuses to release the collateral the deal stays in Failing (with the
 * reservation still on its record) and asks again on a shared schedule; a restart asks again too.
 */
export async function failDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  env.logger.warn(`deal ${deal.ProposalCid} failed: ${deal.Message}`)
  env.untagPeer(deal.Client, peerTag(deal))
  await disconnect(ctx)
  for (const failure of await removeStagedFiles(ctx)) {
    env.logger.warn(`deal ${deal.ProposalCid}: ${wrap(StepText.cleanup, failure)}`)
  }
  // A refused release is asked again until the node takes it: the deal ends holding nothing.
  if (!(await releaseUntilDone(ctx, deal.FundsReserved, signal))) return undefined
  return { type: 'ProviderEventFailed' }
}
