/**
 * Actors, ID resolution and value transfers. Every attoFIL lives in exactly one actor's balance
 * (accounts, miners, the market actor holding all escrow, the burnt-funds actor), so the sum of
 * balances is the total supply and transfers can never create or destroy FIL.
 *
 * @module
 */
import { type Address, idAddress, type Network } from '../../market/index.ts'
import { ActorError } from './actor-error.ts'
import { type ActorKind, type ActorRecord, type ChainState, hexOf } from './state.ts'

/** The actor ID of an ID address; undefined for any other protocol. */
export function idFromAddress(address: Address): bigint | undefined {
  if (address.protocol !== 0) return undefined
  let value = 0n
  let shift = 0n
  for (const byte of address.bytes.subarray(1)) {
    value |= BigInt(byte & 0x7f) << shift
    shift += 7n
  }
  return value
}

/** The ID an address resolves to at this state, or undefined (Lotus StateLookupID). */
export function resolveId(state: ChainState, address: Address): bigint | undefined {
  const id = idFromAddress(address)
  if (id !== undefined) return state.actors.has(id) ? id : undefined
  return state.byKey.get(hexOf(address.bytes))
}

/** The ID address of an actor, written for `network`. */
export function toIdAddress(id: bigint, network: Network): Address {
  return idAddress(id, network)
}

/** The actor record, or an ActorError with `exitCode` when absent. */
export function actorOf(state: ChainState, id: bigint, exitCode = 17): ActorRecord {
  const actor = state.actors.get(id)
  if (actor === undefined) throw new ActorError(exitCode, `actor ${id} not found`)
  return actor
}

/** Creates an actor with a fresh ID. */
export function createActor(
  state: ChainState,
  kind: ActorKind,
  key: Address | undefined,
  balance = 0n,
): bigint {
  const id = state.nextActorId
  state.nextActorId += 1n
  state.actors.set(id, { kind, balance, nonce: 0, key })
  if (key !== undefined) state.byKey.set(hexOf(key.bytes), id)
  return id
}

/**
 * The ID of `address`, creating an account actor for an unknown key address (as a first transfer
 * to it does on chain). An unknown ID address is refused with exit code 17.
 */
export function resolveOrCreateAccount(state: ChainState, address: Address): bigint {
  const id = resolveId(state, address)
  if (id !== undefined) return id
  if (address.protocol !== 1 && address.protocol !== 3) {
    throw new ActorError(17, `cannot create an account for ${address.toString()}`)
  }
  return createActor(state, 'account', address)
}

/** Replaces an actor's balance by `balance + delta`; refuses to go negative (exit code 6). */
export function adjustBalance(state: ChainState, id: bigint, delta: bigint): void {
  const actor = actorOf(state, id)
  const balance = actor.balance + delta
  if (balance < 0n) throw new ActorError(6, `actor ${id} has ${actor.balance} attoFIL, ${-delta} needed`)
  state.actors.set(id, { ...actor, balance })
}

/** Moves `amount` from one actor to another. */
export function transfer(state: ChainState, from: bigint, to: bigint, amount: bigint): void {
  if (amount < 0n) throw new ActorError(16, `negative transfer of ${amount}`)
  if (amount === 0n || from === to) return
  adjustBalance(state, from, -amount)
  adjustBalance(state, to, amount)
}

/** The sum of every actor's balance: constant for the life of a chain. */
export function totalBalance(state: ChainState): bigint {
  let total = 0n
  for (const actor of state.actors.values()) total += actor.balance
  return total
}
