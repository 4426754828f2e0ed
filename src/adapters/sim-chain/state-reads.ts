/**
 * The chain contract's state reads, answered from one state of the simulated chain. Results use ID
 * addresses wherever Lotus returns them.
 *
 * @module
 */
import { ActorNotFoundError, MarketDealNotFoundError } from '../../errors.ts'
import type { Address, Network, PaddedPieceSize } from '../../market/index.ts'
import type { MarketBalance, MarketDeal, MinerInfo, SectorPreCommitInfo } from '../chain.ts'
import type { CollateralBounds } from '../node.ts'
import { resolveId, toIdAddress } from './accounts.ts'
import type { ExecutionContext } from './context.ts'
import { providerCollateralBounds } from './market-collateral.ts'
import { escrowOf } from './market-escrow.ts'
import type { ChainState, MinerRecord } from './state.ts'

function requireId(state: ChainState, address: Address): bigint {
  const id = resolveId(state, address)
  if (id === undefined) throw new ActorNotFoundError(address.toString())
  return id
}

function requireMiner(state: ChainState, address: Address): [bigint, MinerRecord] {
  const id = requireId(state, address)
  const miner = state.miners.get(id)
  if (miner === undefined) throw new ActorNotFoundError(`${address.toString()} (not a miner)`)
  return [id, miner]
}

/** StateMarketBalance. */
export function marketBalance(state: ChainState, address: Address): MarketBalance {
  const { escrow, locked } = escrowOf(state, requireId(state, address))
  return { escrow, locked }
}

/** StateMarketStorageDeal. */
export function marketDeal(state: ChainState, dealId: bigint): MarketDeal {
  const deal = state.market.deals.get(dealId)
  if (deal === undefined) throw new MarketDealNotFoundError(dealId)
  return {
    proposal: deal.proposal,
    state: {
      sectorNumber: deal.sectorNumber,
      sectorStartEpoch: deal.sectorStartEpoch,
      lastUpdatedEpoch: deal.lastUpdatedEpoch,
      slashEpoch: deal.slashEpoch,
    },
  }
}

/** StateMinerInfo. */
export function minerInfo(state: ChainState, network: Network, address: Address): MinerInfo {
  const [, miner] = requireMiner(state, address)
  return {
    owner: toIdAddress(miner.owner, network),
    worker: toIdAddress(miner.worker, network),
    controlAddresses: miner.control.map((id) => toIdAddress(id, network)),
    peerId: miner.peerId,
    multiaddrs: miner.multiaddrs,
    sectorSize: miner.sectorSize,
  }
}

/** StateListMiners. */
export function listMiners(state: ChainState, network: Network): Address[] {
  return [...state.miners.keys()].map((id) => toIdAddress(id, network))
}

/** StateDealProviderCollateralBounds, with Lotus' 10 % margin on the minimum. */
export function collateralBounds(
  state: ChainState,
  ctx: ExecutionContext,
  size: PaddedPieceSize,
): CollateralBounds {
  const bounds = providerCollateralBounds(state, ctx, size)
  return { min: (bounds.min * 110n) / 100n, max: bounds.max }
}

/** StateSectorPreCommitInfo. */
export function preCommitInfo(
  state: ChainState,
  address: Address,
  sector: bigint,
): SectorPreCommitInfo | undefined {
  const [, miner] = requireMiner(state, address)
  const record = miner.preCommits.get(sector)
  if (record === undefined) return undefined
  return { ...record }
}

/** StateLookupID. */
export function lookupId(state: ChainState, network: Network, address: Address): Address {
  return toIdAddress(requireId(state, address), network)
}

/** StateAccountKey. */
export function accountKey(state: ChainState, address: Address): Address {
  const key = state.actors.get(requireId(state, address))?.key
  if (key === undefined) throw new ActorNotFoundError(`${address.toString()} (not an account)`)
  return key
}

/** StateVerifiedClientStatus. */
export function verifiedClientStatus(state: ChainState, address: Address): bigint | undefined {
  const id = resolveId(state, address)
  return id === undefined ? undefined : state.dataCap.get(id)
}

/** WalletBalance: an actor's FIL, 0 for an address that has none. */
export function actorBalance(state: ChainState, address: Address): bigint {
  const id = resolveId(state, address)
  return id === undefined ? 0n : (state.actors.get(id)?.balance ?? 0n)
}
