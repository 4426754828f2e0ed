/**
 * VerifyDealPreCommitted (StorageDealAwaitingPreCommit): wait until the sector holding the deal is
 * pre-committed.
 *
 * @module
 */

import { messageOf } from '../../errors.ts'
import { awaitWatcher, type ProviderContext, type ProviderStep } from './context.ts'

/**
 * DealPrecommitted with the sector number; DealActivated when the pre-commit was missed and the
 * deal is already active; DealPrecommitFailed when watching failed.
 */
export function verifyDealPreCommitted(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  return awaitWatcher(
    signal,
    (done) =>
      env.node.onDealSectorPreCommitted(
        {
          provider: deal.Proposal.Provider,
          dealId: BigInt(deal.DealID),
          proposal: deal.Proposal,
          publishCid: deal.PublishCid ?? undefined,
        },
        (result) => {
          if (result instanceof Error)
            done({ type: 'ProviderEventDealPrecommitFailed', error: result.message })
          else if (result.isActive) done({ type: 'ProviderEventDealActivated' })
          else done({ type: 'ProviderEventDealPrecommitted', sectorNumber: Number(result.sectorNumber) })
        },
        { signal },
      ),
    (error) => ({ type: 'ProviderEventDealPrecommitFailed', error: messageOf(error) }),
  )
}
