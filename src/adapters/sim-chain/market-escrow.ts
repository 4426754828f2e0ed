/**
 * Escrow book-keeping of the storage market actor (builtin-actors market `state.rs` balance
 * tables). The FIL itself sits in the market actor's balance; these records only say whose it is,
 * so moving escrow between parties never changes any actor balance, and only withdrawals and
 * slashing move FIL out of the market actor.
 *
 * @module
 */

import { transfer } from './accounts.ts'
import { ActorError } from './actor-error.ts'
import { BURNT_FUNDS_ACTOR_ID, type ChainState, type EscrowRecord, MARKET_ACTOR_ID } from './state.ts'

const EMPTY: EscrowRecord = Object.freeze({ escrow: 0n, locked: 0n })

/** Escrow and locked funds of an actor ID (zero when it never had escrow). */
export function escrowOf(state: ChainState, id: bigint): EscrowRecord {
  return state.market.escrow.get(id) ?? EMPTY
}

/** Escrow minus locked funds. */
export function availableOf(state: ChainState, id: bigint): bigint {
  const entry = escrowOf(state, id)
  return entry.escrow - entry.locked
}

function update(state: ChainState, id: bigint, escrowDelta: bigint, lockedDelta: bigint): void {
  const entry = escrowOf(state, id)
  const next = { escrow: entry.escrow + escrowDelta, locked: entry.locked + lockedDelta }
  if (next.escrow < 0n || next.locked < 0n || next.locked > next.escrow) {
    throw new ActorError(20, `escrow of ${id} would become ${next.escrow} with ${next.locked} locked`)
  }
  state.market.escrow.set(id, next)
}

/** Credits escrow with FIL the market actor just received. */
export function credit(state: ChainState, id: bigint, amount: bigint): void {
  update(state, id, amount, 0n)
}

/** Pays available escrow out of the market actor to `recipient`. */
export function withdraw(state: ChainState, id: bigint, recipient: bigint, amount: bigint): void {
  if (amount > availableOf(state, id)) throw new ActorError(19, `escrow of ${id} cannot cover ${amount}`)
  update(state, id, -amount, 0n)
  transfer(state, MARKET_ACTOR_ID, recipient, amount)
}

/** Locks available escrow for a deal. */
export function lock(state: ChainState, id: bigint, amount: bigint): void {
  if (amount > availableOf(state, id)) throw new ActorError(19, `escrow of ${id} cannot lock ${amount}`)
  update(state, id, 0n, amount)
}

/** Unlocks funds a deal no longer needs; they stay in escrow. */
export function unlock(state: ChainState, id: bigint, amount: bigint): void {
  update(state, id, 0n, -amount)
}

/** Moves locked funds of the payer to the payee's escrow (a storage payment). */
export function pay(state: ChainState, payer: bigint, payee: bigint, amount: bigint): void {
  update(state, payer, -amount, -amount)
  update(state, payee, amount, 0n)
}

/** Removes locked funds from escrow and burns them (collateral slashing). */
export function slash(state: ChainState, id: bigint, amount: bigint): void {
  update(state, id, -amount, -amount)
  transfer(state, MARKET_ACTOR_ID, BURNT_FUNDS_ACTOR_ID, amount)
}
