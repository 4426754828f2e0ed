import { messageOf } from '../../errors.ts'
import type { ClientEvent } from '../events.ts'
import { type ClientEntryContext, peerTag, releaseReservedFunds } from './context.ts'

/**
 * ValidateDealPublished (StorageDealProposalAccepted): confirm on chain that the provider published
 * the deal and learn its deal id. The escrow is now locked by the market actor, so the client's
 * own reservation is released, and the transfer is over, so the provider's connection is untagged.
 */
export async function validateDealPublished(ctx: ClientEntryContext): Promise<ClientEvent> {
  const { record: deal, env, signal } = ctx
  let dealId: bigint
  try {
    dealId = await env.node.validatePublishedDeal(deal, { signal })
  } catch (error) {
    return { type: 'ClientEventDealPublishFailed', error: messageOf(error) }
  }
  if (dealId < 0n || dealId > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { type: 'ClientEventDealPublishFailed', error: `deal id ${dealId} is out of range` }
  }
  await releaseReservedFunds(ctx)
  env.untagPeer(deal.Miner, peerTag(deal))
  // A published deal's data reached the provider: an mk/1.2 payload need not be served any more.
  await env.releaseTransfer(deal, { signal })
  return { type: 'ClientEventDealPublished', dealId: Number(dealId) }
}
