/**
 * The accounting invariants of the simulated chain, checked after every epoch. A violation is a bug
 * in the simulation, never a user error, so it stops the chain with a ChainInvariantError.
 *
 * @module
 */
import { ChainInvariantError } from '../../errors.ts'
import { idFromAddress, totalBalance } from './accounts.ts'
import { type ChainState, MARKET_ACTOR_ID } from './state.ts'

/** What the open deals hold locked, per actor: the client's unpaid fee and collateral, the provider's collateral. */
function expectedLocked(state: ChainState): Map<bigint, bigint> {
  const locked = new Map<bigint, bigint>()
  const add = (id: bigint, amount: bigint): void => {
    locked.set(id, (locked.get(id) ?? 0n) + amount)
  }
  for (const deal of state.market.deals.values()) {
    const p = deal.proposal
    const paidUntil = Math.min(p.EndEpoch, Math.max(p.StartEpoch, deal.lastUpdatedEpoch))
    const fee = p.StoragePricePerEpoch * BigInt(p.EndEpoch - paidUntil)
    add(idFromAddress(p.Client) ?? -1n, fee + p.ClientCollateral)
    add(idFromAddress(p.Provider) ?? -1n, p.ProviderCollateral)
  }
  return locked
}

/**
 * Throws ChainInvariantError unless: the balances add up to `totalSupply`; no balance is negative;
 * the market actor holds exactly the sum of all escrow; no escrow or locked amount is negative or
 * locked above escrow; each actor's locked funds equal what its open deals hold.
 */
export function checkInvariants(state: ChainState, totalSupply: bigint): void {
  const fail = (detail: string): never => {
    throw new ChainInvariantError(state.epoch, detail)
  }
  const total = totalBalance(state)
  if (total !== totalSupply) fail(`total supply is ${total}, expected ${totalSupply}`)
  for (const [id, actor] of state.actors)
    if (actor.balance < 0n) fail(`actor ${id} has balance ${actor.balance}`)
  let escrowSum = 0n
  for (const [id, entry] of state.market.escrow) {
    if (entry.escrow < 0n) fail(`escrow of ${id} is negative: ${entry.escrow}`)
    if (entry.locked < 0n) fail(`locked funds of ${id} are negative: ${entry.locked}`)
    if (entry.locked > entry.escrow)
      fail(`locked funds of ${id} (${entry.locked}) exceed its escrow (${entry.escrow})`)
    escrowSum += entry.escrow
  }
  const market = state.actors.get(MARKET_ACTOR_ID)?.balance ?? 0n
  if (market !== escrowSum) fail(`market actor holds ${market}, escrow adds up to ${escrowSum}`)
  const expected = expectedLocked(state)
  for (const [id, entry] of state.market.escrow) {
    const deals = expected.get(id) ?? 0n
    if (entry.locked !== deals)
      fail(`locked funds of ${id} are ${entry.locked}, its open deals hold ${deals}`)
  }
  for (const [id, amount] of expected) {
    if (amount > 0n && !state.market.escrow.has(id)) fail(`actor ${id} has open deals but no escrow`)
  }
}
