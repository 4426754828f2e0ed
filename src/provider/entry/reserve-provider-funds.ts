/**
 * ReserveProviderFunds (StorageDealReserveProviderFunds; EnsureProviderFunds before v1.0.4):
 * reserve the provider collateral in the market actor, topping the balance up from the worker
 * wallet when needed.
 *
 * @module
 */

import { CID } from 'multiformats/cid'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/** Funded when no message was needed, FundingInitiated with the add-funds message otherwise. */
export async function reserveProviderFunds(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  const { node } = env
  const provider = deal.Proposal.Provider
  const nodeErrored = (error: string) => ({ type: 'ProviderEventNodeErrored', error }) as const
  let head: Awaited<ReturnType<typeof node.getChainHead>>
  try {
    head = await node.getChainHead({ signal })
  } catch (error) {
    return nodeErrored(wrap(StepText.chainHeadUnavailable, error))
  }
  let worker: Awaited<ReturnType<typeof node.getMinerWorkerAddress>>
  try {
    worker = await node.getMinerWorkerAddress(provider, head.token, { signal })
  } catch (error) {
    return nodeErrored(wrap(StepText.workerLookup, error))
  }
  const amount = deal.Proposal.ProviderCollateral
  let message: Awaited<ReturnType<typeof node.reserveFunds>>
  try {
    message = await node.reserveFunds(worker, provider, amount, { signal })
  } catch (error) {
    return nodeErrored(wrap(StepText.reservation, error))
  }
  await ctx.trigger({ type: 'ProviderEventFundsReserved', amount })
  // A node answering with something other than a CID would leave an unstorable record; fail the
  // deal instead, which releases the reservation just recorded.
  if (message !== undefined && CID.asCID(message) === null) {
    return nodeErrored(wrap(StepText.reservation, 'the node did not answer with a message CID'))
  }
  return message === undefined
    ? { type: 'ProviderEventFunded' }
    : { type: 'ProviderEventFundingInitiated', addFundsCid: message }
}
