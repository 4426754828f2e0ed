/**
 * ValidateDealProposal (StorageDealValidating): every check of go-fil-markets, in its order, plus a
 * deal-start buffer; the first failing check rejects the proposal with its own reason. An mk/1.2
 * deal is validated as Boost does ({@link firstMk12Rejection}).
 *
 * @module
 */

import { clientBalanceRequirement, encodeDealProposal, type MinerDeal } from '../../market/index.ts'
import type { ProviderDealEnvironment } from '../environment.ts'
import { ValidationText as V, wrap } from '../messages.ts'
import { type ProviderContext, type ProviderStep, peerTag } from './context.ts'
import { checkAsk, checkCollateral, checkProposal } from './proposal-checks.ts'
import { firstMk12Rejection } from './validate-mk12-proposal.ts'

/** Validate the proposal; DealDeciding when it passes, DealRejected with the reason otherwise. */
export async function validateDealProposal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  env.tagPeer(deal.Client, peerTag(deal))
  // A Boost client gets Boost's checks, order and reasons.
  const reason =
    deal.DealUUID === undefined
      ? await firstRejection(deal, env, signal)
      : await firstMk12Rejection(deal, env, signal)
  return reason === undefined
    ? { type: 'ProviderEventDealDeciding' }
    : { type: 'ProviderEventDealRejected', error: reason }
}

async function firstRejection(
  deal: MinerDeal,
  env: ProviderDealEnvironment,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { node } = env
  const proposal = deal.Proposal
  let head: Awaited<ReturnType<typeof node.getChainHead>>
  try {
    head = await node.getChainHead({ signal })
  } catch (error) {
    return wrap(V.chainHead, error)
  }

  try {
    const bytes = encodeDealProposal(proposal)
    const valid = await node.verifySignature(deal.ClientSignature, proposal.Client, bytes, head.token, {
      signal,
    })
    if (valid !== true) return wrap(V.signature, V.signatureInvalid)
  } catch (error) {
    return wrap(V.signature, wrap(V.signatureNodeError, error))
  }

  const local = checkProposal(
    proposal,
    env.address,
    head.epoch,
    env.dealStartBufferEpochs,
    env.dealDurationLimits,
  )
  if (local !== undefined) return local

  let bounds: Awaited<ReturnType<typeof node.dealProviderCollateralBounds>>
  try {
    bounds = await node.dealProviderCollateralBounds(proposal.PieceSize, proposal.VerifiedDeal, { signal })
  } catch (error) {
    return wrap(V.collateralBounds, error)
  }
  const terms = checkCollateral(proposal, bounds.min, bounds.max) ?? checkAsk(proposal, env.ask())
  if (terms !== undefined) return terms

  let available: bigint
  try {
    available = (await node.getBalance(proposal.Client, head.token, { signal })).available
  } catch (error) {
    return wrap(V.clientBalance, error)
  }
  // A first filter only: the client may still withdraw before the deal is published.
  const required = clientBalanceRequirement(proposal)
  if (available < required) return `${V.clientFunds} (${available} < ${required})`

  if (!proposal.VerifiedDeal) return undefined
  let dataCap: bigint | undefined
  try {
    dataCap = await node.getDataCap(proposal.Client, head.token, { signal })
  } catch (error) {
    return wrap(V.dataCap, error)
  }
  if (dataCap === undefined) return wrap(V.dataCap, V.noDataCap)
  if (dataCap < BigInt(proposal.PieceSize))
    return wrap(V.dataCap, `${V.dataCapLow} (${dataCap} < ${proposal.PieceSize})`)
  return undefined
}
