/**
 * VerifyDealActivated (StorageDealSealing): wait until the sector is proven and the deal active.
 *
 * @module
 */

import { messageOf } from '../../errors.ts'
import { awaitWatcher, type ProviderContext, type ProviderStep } from './context.ts'

/** DealActivated once the deal is active; DealActivationFailed when watching failed. */
export function verifyDealActivated(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  return awaitWatcher(
    signal,
    (done) =>
      env.node.onDealSectorCommitted(
        {
          provider: deal.Proposal.Provider,
          dealId: BigInt(deal.DealID),
          sectorNumber: BigInt(deal.SectorNumber),
          proposal: deal.Proposal,
          publishCid: deal.PublishCid ?? undefined,
        },
        (error) =>
          done(
            error === undefined
              ? { type: 'ProviderEventDealActivated' }
              : { type: 'ProviderEventDealActivationFailed', error: error.message },
          ),
        { signal },
      ),
    (error) => ({ type: 'ProviderEventDealActivationFailed', error: messageOf(error) }),
  )
}
