import { CID } from 'multiformats/cid'
import { messageOf } from '../../errors.ts'
import { clientBalanceRequirement } from '../../market/index.ts'
import type { ClientEvent } from '../events.ts'
import type { ClientEntryContext } from './context.ts'

/**
 * ReserveClientFunds (StorageDealReserveClientFunds): reserve payment plus client collateral in
 * the client's market escrow. Without a top-up message the funds are ready at once; otherwise the
 * deal waits for the message in ClientFunding.
 *
 * Run again on restart it reserves again, as the reference does: both reservations are recorded
 * in FundsReserved and released together.
 */
export async function reserveClientFunds(ctx: ClientEntryContext): Promise<ClientEvent> {
  const { record: deal, env, signal } = ctx
  const amount = clientBalanceRequirement(deal.Proposal)
  let message: CID | undefined
  try {
    message = await env.node.reserveFunds(deal.Proposal.Client, deal.Proposal.Client, amount, { signal })
  } catch (error) {
    return { type: 'ClientEventReserveFundsFailed', error: messageOf(error) }
  }
  await ctx.trigger({ type: 'ClientEventFundsReserved', amount })
  // A node answering with something other than a CID would leave an unstorable record; fail the
  // deal instead, which releases the reservation just recorded.
  if (message !== undefined && CID.asCID(message) === null) {
    return { type: 'ClientEventReserveFundsFailed', error: 'the node did not answer with a message CID' }
  }
  return message === undefined
    ? { type: 'ClientEventFundingComplete' }
    : { type: 'ClientEventFundingInitiated', message }
}

/** Pre-v1.0.4 name of {@link reserveClientFunds} (entry function `EnsureClientFunds`). */
export const ensureClientFunds = reserveClientFunds
