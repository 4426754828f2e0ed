/**
 * PublishStorageDeals as the market actor runs it (lotus-chain-api.md §10.2): message-level checks
 * fail the whole message; per-deal checks drop only the failing deal, and the return's ValidDeals
 * says which input indexes were kept.
 *
 * @module
 */
import { lotusCid } from 'iso-filecoin/utils'
import { CID } from 'multiformats/cid'
import {
  type ClientDealProposal,
  clientBalanceRequirement,
  type DealProposal,
  dealDuration,
  encodeDealProposal,
  isValidPaddedPieceSize,
  labelByteLength,
  verifySignature,
} from '../../market/index.ts'
import { resolveId, toIdAddress } from './accounts.ts'
import { ActorError } from './actor-error.ts'
import type { ExecutionContext } from './context.ts'
import { providerCollateralBounds } from './market-collateral.ts'
import { availableOf, lock } from './market-escrow.ts'
import type { ChainState } from './state.ts'

/** fil-commitment-unsealed and sha2-256-trunc254-padded, the only piece CID form the actor takes. */
const FIL_COMMITMENT_UNSEALED = 0xf101
const SHA2_256_TRUNC254_PADDED = 0x1012

/** Ids and kept indexes of a publish. */
export interface PublishResult {
  readonly ids: readonly bigint[]
  readonly validDeals: readonly number[]
}

/** The first epoch ≥ StartEpoch that is ≡ dealId modulo the update interval (`next_update_epoch`). */
export function firstUpdateEpoch(dealId: bigint, startEpoch: number, interval: number): number {
  const offset = Number(dealId % BigInt(interval))
  const base = startEpoch - (((startEpoch % interval) + interval) % interval) + offset
  return base < startEpoch ? base + interval : base
}

/** Adds a deal to the cron schedule at `epoch`. */
export function schedule(state: ChainState, epoch: number, dealId: bigint): void {
  state.market.schedule.set(epoch, [...(state.market.schedule.get(epoch) ?? []), dealId])
}

/** Why a deal fails the checks that need no state but the signature's key, or undefined. */
function statelessFailure(
  state: ChainState,
  ctx: ExecutionContext,
  deal: ClientDealProposal,
): string | undefined {
  const p = deal.Proposal
  const clientId = resolveId(state, p.Client)
  const key = clientId === undefined ? undefined : state.actors.get(clientId)?.key
  if (key === undefined || !verifySignature(deal.ClientSignature, key, encodeDealProposal(p))) {
    return 'client signature invalid'
  }
  if (labelByteLength(p.Label) > ctx.policy.maxLabelBytes) return 'label too long'
  if (!isValidPaddedPieceSize(p.PieceSize)) return 'piece size not a power of two of at least 128'
  const cid = p.PieceCID
  if (
    cid.version !== 1 ||
    cid.code !== FIL_COMMITMENT_UNSEALED ||
    cid.multihash.code !== SHA2_256_TRUNC254_PADDED ||
    cid.multihash.digest.length !== 32
  ) {
    return 'piece CID is not a v1 unsealed commitment'
  }
  if (p.EndEpoch <= p.StartEpoch) return 'end epoch not after start epoch'
  if (ctx.epoch > p.StartEpoch) return 'deal start epoch has already elapsed'
  const duration = dealDuration(p)
  if (duration < ctx.policy.minDealDuration || duration > ctx.policy.maxDealDuration)
    return 'duration out of bounds'
  const max = ctx.policy.maxTokenAmount
  if (p.StoragePricePerEpoch < 0n || p.StoragePricePerEpoch > max) return 'price per epoch out of bounds'
  const bounds = providerCollateralBounds(state, ctx, p.PieceSize)
  if (p.ProviderCollateral < bounds.min || p.ProviderCollateral > max)
    return 'provider collateral out of bounds'
  if (p.ClientCollateral < 0n || p.ClientCollateral > max) return 'client collateral out of bounds'
  return undefined
}

/** The proposal with Client and Provider as ID addresses, as the actor stores it. */
function normalize(ctx: ExecutionContext, p: DealProposal, client: bigint, provider: bigint): DealProposal {
  return { ...p, Client: toIdAddress(client, ctx.network), Provider: toIdAddress(provider, ctx.network) }
}

/** Key of a normalized proposal in the pending set: its blake2b dag-cbor CID. */
export function proposalKey(proposal: DealProposal): string {
  return CID.decode(lotusCid(encodeDealProposal(proposal))).toString()
}

/** Runs PublishStorageDeals for `caller`; throws ActorError when the whole message fails. */
export function publishStorageDeals(
  state: ChainState,
  ctx: ExecutionContext,
  caller: bigint,
  deals: readonly ClientDealProposal[],
): PublishResult {
  const first = deals[0]
  if (first === undefined) throw new ActorError(16, 'empty deals parameter')
  const provider = resolveId(state, first.Proposal.Provider)
  if (provider === undefined) throw new ActorError(17, 'provider not found')
  const miner = state.miners.get(provider)
  if (miner === undefined) throw new ActorError(16, 'provider is not a miner actor')
  if (caller !== miner.owner && caller !== miner.worker && !miner.control.includes(caller)) {
    throw new ActorError(18, 'caller is not the provider, its worker or a control address')
  }
  const spent = new Map<bigint, bigint>()
  const dataCap = new Map<bigint, bigint>()
  const seen = new Set<string>()
  const accepted: { index: number; proposal: DealProposal; key: string; client: bigint }[] = []
  deals.forEach((deal, index) => {
    if (statelessFailure(state, ctx, deal) !== undefined) return
    const p = deal.Proposal
    if (resolveId(state, p.Provider) !== provider) return
    const client = resolveId(state, p.Client)
    if (client === undefined) return
    const clientNeed = (spent.get(client) ?? 0n) + clientBalanceRequirement(p)
    if (availableOf(state, client) < clientNeed) return
    const providerSpent = client === provider ? clientNeed : (spent.get(provider) ?? 0n)
    const providerNeed = providerSpent + p.ProviderCollateral
    if (availableOf(state, provider) < providerNeed) return
    const normalized = normalize(ctx, p, client, provider)
    const key = proposalKey(normalized)
    if (state.market.pendingProposals.has(key) || seen.has(key)) return
    if (p.VerifiedDeal) {
      const cap = dataCap.get(client) ?? state.dataCap.get(client) ?? -1n
      if (cap < BigInt(p.PieceSize)) return
      dataCap.set(client, cap - BigInt(p.PieceSize))
    }
    spent.set(client, clientNeed)
    spent.set(provider, providerNeed)
    seen.add(key)
    accepted.push({ index, proposal: normalized, key, client })
  })
  if (accepted.length === 0) throw new ActorError(16, 'all deal proposals invalid')
  // The verified registry takes all of a client's allocations or none: one refusal aborts the message.
  if (accepted.some((a) => a.proposal.VerifiedDeal && a.proposal.PieceSize < ctx.policy.minAllocationSize)) {
    throw new ActorError(20, 'verified registry refused an allocation below its minimum size')
  }
  for (const [client, cap] of dataCap) state.dataCap.set(client, cap)
  const ids: bigint[] = []
  for (const { proposal, key, client } of accepted) {
    lock(state, client, clientBalanceRequirement(proposal))
    lock(state, provider, proposal.ProviderCollateral)
    const id = state.market.nextDealId
    state.market.nextDealId += 1n
    state.market.deals.set(id, {
      proposal,
      proposalKey: key,
      sectorNumber: 0n,
      sectorStartEpoch: -1,
      lastUpdatedEpoch: -1,
      slashEpoch: -1,
      pending: true,
    })
    state.market.pendingProposals.add(key)
    schedule(state, firstUpdateEpoch(id, proposal.StartEpoch, ctx.policy.dealUpdatesInterval), id)
    ids.push(id)
  }
  return { ids, validDeals: accepted.map((a) => a.index) }
}
