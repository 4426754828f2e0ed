/**
 * The summary of an embedded market: every deal's outcome on both sides and every actor's funds,
 * read from the chain, so a run can show that escrow was released, the provider was paid and no
 * FIL appeared or vanished.
 *
 * @module
 */
import { HEAD } from '../adapters/chain.ts'
import type { AbortOptions } from '../adapters/node.ts'
import type { SimChain } from '../adapters/sim-chain/index.ts'
import type { ClientDeal, MinerDeal } from '../market/index.ts'
import { type Address, idAddress } from '../market/index.ts'
import type { AccountSummary, DealSummary, EmbeddedAddresses, MarketSummary } from './api.ts'

/** The market and burnt-funds actors (f05 and f099). */
const MARKET_ACTOR_ID = 5
const BURNT_FUNDS_ACTOR_ID = 99

/** Orders client deals as they were proposed. */
export function byCreationTime(a: ClientDeal, b: ClientDeal): number {
  return a.CreationTime < b.CreationTime ? -1 : a.CreationTime > b.CreationTime ? 1 : 0
}

/** One line per deal, in the client's order, joined with the provider's record of it. */
export function dealSummaries(
  clientDeals: readonly ClientDeal[],
  providerDeals: readonly MinerDeal[],
): DealSummary[] {
  const byCid = new Map(providerDeals.map((deal) => [deal.ProposalCid.toString(), deal]))
  return clientDeals.map((deal) => {
    const provider = byCid.get(deal.ProposalCid.toString())
    const p = deal.Proposal
    return {
      proposalCid: deal.ProposalCid,
      clientState: deal.State,
      providerState: provider?.State,
      dealId: deal.DealID !== 0 ? deal.DealID : (provider?.DealID ?? 0),
      sectorNumber: provider?.SectorNumber || deal.SectorNumber,
      pieceCid: p.PieceCID,
      pieceSize: p.PieceSize,
      pricePerEpoch: p.StoragePricePerEpoch,
      startEpoch: p.StartEpoch,
      endEpoch: p.EndEpoch,
      message: deal.Message,
      providerMessage: provider?.Message ?? '',
    }
  })
}

/** The funds of every actor of the embedded chain. */
export async function accountSummaries(
  chain: SimChain,
  addresses: EmbeddedAddresses,
  options?: AbortOptions,
): Promise<AccountSummary[]> {
  const actors: [AccountSummary['role'], Address][] = [
    ['client', addresses.client],
    ['worker', addresses.worker],
    ['miner', addresses.miner],
    ['market', idAddress(MARKET_ACTOR_ID, chain.network)],
    ['burnt', idAddress(BURNT_FUNDS_ACTOR_ID, chain.network)],
  ]
  const accounts: AccountSummary[] = []
  for (const [role, address] of actors) {
    const balance = await chain.walletBalance(address, options)
    const { escrow, locked } = await chain.stateMarketBalance(address, HEAD, options)
    accounts.push({ role, address, balance, escrow, locked })
  }
  return accounts
}

/** The summary from its parts. */
export function marketSummary(
  epoch: number,
  deals: readonly DealSummary[],
  accounts: readonly AccountSummary[],
  totalSupply: bigint,
): MarketSummary {
  const sum = (pick: (account: AccountSummary) => bigint): bigint =>
    accounts.reduce((total, account) => total + pick(account), 0n)
  return {
    epoch,
    deals,
    accounts,
    lockedTotal: sum((account) => account.locked),
    totalSupply,
    accountedSupply: sum((account) => account.balance),
  }
}
