/**
 * The shape of client entry functions, and the cleanup step two of them share.
 *
 * @module
 */

import type { EntryContext, NamedEntryFunction } from '../../fsm/index.ts'
import type { ClientDeal } from '../../market/index.ts'
import type { ClientDealEnvironment } from '../environment.ts'
import type { ClientEvent } from '../events.ts'

/** What a client entry function receives. */
export type ClientEntryContext = EntryContext<ClientDeal, ClientEvent, ClientDealEnvironment>

/** A client entry function with the go-fil-markets name diagrams show. */
export type ClientEntryFunction = NamedEntryFunction<ClientDeal, ClientEvent, ClientDealEnvironment>

/** The peer tag that protects the connection to the provider while the deal needs it. */
export function peerTag(deal: ClientDeal): string {
  return deal.ProposalCid.toString()
}

/**
 * Release what the deal reserved, if anything (go-fil-markets `releaseReservedFunds`), and record
 * it. A failing release is recorded as released all the same, as in the reference: the node keeps
 * its own accounting, and a deal that cannot move on would be worse.
 */
export async function releaseReservedFunds(ctx: ClientEntryContext): Promise<void> {
  const { record: deal, env, signal } = ctx
  const amount = deal.FundsReserved
  if (amount <= 0n) return
  try {
    await env.node.releaseFunds(deal.Proposal.Client, amount, { signal })
  } catch {
    // see above
  }
  await ctx.trigger({ type: 'ClientEventFundsReleased', amount })
}
