/**
 * The shape of client entry functions, and the cleanup step two of them share.
 *
 * @module
 */

import type { EntryContext, NamedEntryFunction } from '../../fsm/index.ts'
import { retryOnSchedule } from '../../fsm/poll-schedule.ts'
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
 * Release `amount` of what the deal reserved (by default all it holds; go-fil-markets
 * `releaseReservedFunds`) and record it with FundsReleased. Resolves with what the deal still
 * holds: 0 once released; the amount when the node refused, which stays in the record's
 * FundsReserved (the reference records it released all the same, and the node's books keep it)
 * and is released again later (see {@link releaseUntilDone}).
 */
export async function releaseReservedFunds(
  ctx: ClientEntryContext,
  amount = ctx.record.FundsReserved,
): Promise<bigint> {
  const { record: deal, env, signal } = ctx
  if (amount <= 0n) return 0n
  try {
    await env.node.releaseFunds(deal.Proposal.Client, amount, { signal })
  } catch {
    return amount
  }
  await ctx.trigger({ type: 'ClientEventFundsReleased', amount })
  return 0n
}

/**
 * Releases `amount` of the deal's reservation, asking the node again at every poll of the
 * schedule shared by all deals while it refuses; resolves once released, or when the deal's signal
 * aborts (false).
 */
export async function releaseUntilDone(ctx: ClientEntryContext, amount: bigint): Promise<boolean> {
  let left = amount
  return retryOnSchedule(ctx.env.clock, ctx.env.pollingIntervalMs, ctx.signal, async () => {
    left = await releaseReservedFunds(ctx, left)
    return left <= 0n
  })
}
