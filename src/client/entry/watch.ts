import type { DealWatch } from '../../adapters/node.ts'
import type { ClientDeal } from '../../market/index.ts'

/** What the chain watchers need to find the deal's sector. */
export function dealWatch(deal: ClientDeal): DealWatch {
  return {
    provider: deal.Proposal.Provider,
    dealId: BigInt(deal.DealID),
    proposal: deal.Proposal,
    publishCid: deal.PublishMessage ?? undefined,
  }
}
