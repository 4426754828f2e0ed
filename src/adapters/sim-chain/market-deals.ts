/**
 * A published deal's life in the market actor (lotus-chain-api.md §10.3–10.6): activation by a
 * proven sector, payments and completion from cron, the timeout of a deal nobody activated, and
 * slashing when its sector is terminated.
 *
 * @module
 */
import { clientBalanceRequirement } from '../../market/index.ts'
import { idFromAddress } from './accounts.ts'
import { ActorError } from './actor-error.ts'
import type { ExecutionContext } from './context.ts'
import { pay, slash, unlock } from './market-escrow.ts'
import { schedule } from './market-publish.ts'
import type { ChainState, DealRecord } from './state.ts'

function parties(deal: DealRecord): { client: bigint; provider: bigint } {
  return {
    client: idFromAddress(deal.proposal.Client) ?? -1n,
    provider: idFromAddress(deal.proposal.Provider) ?? -1n,
  }
}

function remove(state: ChainState, id: bigint, deal: DealRecord): void {
  state.market.deals.delete(id)
  state.market.pendingProposals.delete(deal.proposalKey)
}

/**
 * The checks a sector's deals must pass to be pre-committed or activated (VerifyDealsForActivation):
 * the miner is their provider, their start has not passed, they end before the sector and fit in it.
 */
export function verifyDealsForActivation(
  state: ChainState,
  ctx: ExecutionContext,
  miner: bigint,
  dealIds: readonly bigint[],
  sectorExpiration: number,
  sectorSize: bigint,
): void {
  if (new Set(dealIds).size !== dealIds.length) throw new ActorError(16, 'duplicate deal ids in sector')
  let space = 0n
  for (const id of dealIds) {
    const deal = state.market.deals.get(id)
    if (deal === undefined) throw new ActorError(17, `deal ${id} not found`)
    const p = deal.proposal
    if (parties(deal).provider !== miner) throw new ActorError(18, `deal ${id} is not for this miner`)
    if (ctx.epoch > p.StartEpoch) {
      throw new ActorError(32, `proposal start epoch ${p.StartEpoch} has already elapsed at ${ctx.epoch}`)
    }
    if (p.EndEpoch > sectorExpiration) throw new ActorError(16, `deal ${id} ends after the sector expires`)
    space += BigInt(p.PieceSize)
  }
  if (space > sectorSize) throw new ActorError(16, 'deals do not fit in the sector')
}

/** Activates a proven sector's deals; any failing deal fails the whole sector. */
export function activateDeals(
  state: ChainState,
  ctx: ExecutionContext,
  miner: bigint,
  sectorNumber: bigint,
  dealIds: readonly bigint[],
  sectorExpiration: number,
  sectorSize: bigint,
): void {
  verifyDealsForActivation(state, ctx, miner, dealIds, sectorExpiration, sectorSize)
  for (const id of dealIds) {
    const deal = state.market.deals.get(id) as DealRecord
    if (deal.sectorStartEpoch >= 0) throw new ActorError(16, `deal ${id} is already activated`)
  }
  for (const id of dealIds) {
    const deal = state.market.deals.get(id) as DealRecord
    state.market.deals.set(id, { ...deal, sectorNumber, sectorStartEpoch: ctx.epoch })
  }
}

/** Pays the provider for the epochs since the last settlement, up to `epoch` (at most the end). */
function settle(state: ChainState, id: bigint, deal: DealRecord, epoch: number): DealRecord {
  const p = deal.proposal
  const from = Math.max(p.StartEpoch, deal.lastUpdatedEpoch)
  const to = Math.min(epoch, p.EndEpoch)
  const { client, provider } = parties(deal)
  if (to > from) pay(state, client, provider, p.StoragePricePerEpoch * BigInt(to - from))
  const settled = { ...deal, lastUpdatedEpoch: epoch }
  state.market.deals.set(id, settled)
  return settled
}

/** A deal not activated by its start: the client gets its funds back, the provider's collateral burns. */
function timeOut(state: ChainState, id: bigint, deal: DealRecord): void {
  const { client, provider } = parties(deal)
  unlock(state, client, clientBalanceRequirement(deal.proposal))
  slash(state, provider, deal.proposal.ProviderCollateral)
  remove(state, id, deal)
}

/** Cron at the executed epoch: payments, completions and timeouts of the deals scheduled for it. */
export function cronTick(state: ChainState, ctx: ExecutionContext): void {
  const due = state.market.schedule.get(ctx.epoch)
  if (due === undefined) return
  state.market.schedule.delete(ctx.epoch)
  for (const id of due) {
    const deal = state.market.deals.get(id)
    if (deal === undefined) continue
    if (deal.sectorStartEpoch < 0) {
      timeOut(state, id, deal)
      continue
    }
    const settled = settle(state, id, deal, ctx.epoch)
    const p = settled.proposal
    if (ctx.epoch >= p.EndEpoch) {
      const { client, provider } = parties(settled)
      unlock(state, client, p.ClientCollateral)
      unlock(state, provider, p.ProviderCollateral)
      remove(state, id, settled)
      continue
    }
    if (settled.pending) {
      state.market.pendingProposals.delete(settled.proposalKey)
      state.market.deals.set(id, { ...settled, pending: false })
    }
    schedule(state, Math.min(ctx.epoch + ctx.policy.dealUpdatesInterval, p.EndEpoch), id)
  }
}

/**
 * OnMinerSectorsTerminate: each unfinished deal of the terminated sectors is paid up to now, the
 * client's remaining fee and collateral are unlocked, the provider's collateral is burnt and the deal
 * is deleted. Deals already past their end are left for cron to complete.
 */
export function onMinerSectorsTerminate(
  state: ChainState,
  ctx: ExecutionContext,
  dealIds: readonly bigint[],
): void {
  for (const id of dealIds) {
    const deal = state.market.deals.get(id)
    if (deal === undefined || deal.proposal.EndEpoch <= ctx.epoch) continue
    const settled = settle(state, id, deal, ctx.epoch)
    const p = settled.proposal
    const { client, provider } = parties(settled)
    const remaining = p.StoragePricePerEpoch * BigInt(p.EndEpoch - Math.max(ctx.epoch, p.StartEpoch))
    unlock(state, client, remaining + p.ClientCollateral)
    slash(state, provider, p.ProviderCollateral)
    remove(state, id, settled)
  }
}
