import type { ClientEvent } from '../events.ts'
import { type ClientEntryContext, peerTag, releaseUntilDone } from './context.ts'

/**
 * FailDeal (StorageDealFailing): undo what the deal holds, then end it in StorageDealError:
 * release the reserved funds, untag the provider's connection and release the payload's
 * blockstore, and stop serving an mk/1.2 deal's payload. Every failure of the client lifecycle passes here, so nothing stays reserved.
 */
export async function failDeal(ctx: ClientEntryContext): Promise<ClientEvent | undefined> {
  const { record: deal, env, signal } = ctx
  // A refused release is asked again until the node takes it: the deal ends holding nothing.
  if (!(await releaseUntilDone(ctx, deal.FundsReserved))) return undefined
  env.untagPeer(deal.Miner, peerTag(deal))
  if (deal.DataRef !== null) await env.cleanBlockstore(deal.DataRef.Root, { signal })
  await env.releaseTransfer(deal, { signal })
  return { type: 'ClientEventFailed' }
}
