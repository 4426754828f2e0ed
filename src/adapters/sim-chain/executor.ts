/**
 * Executes one message against the state: charges the fee and the nonce, then runs the value
 * transfer and the actor method on a copy of the state that is kept only if the method succeeds,
 * so a failing message changes nothing else (as on chain).
 *
 * @module
 */
import type { ChainMessage, ChainReceipt, PublishStorageDealsReturn } from '../chain.ts'
import { resolveId, resolveOrCreateAccount, transfer } from './accounts.ts'
import { ActorError } from './actor-error.ts'
import type { ExecutionContext } from './context.ts'
import type { FaultPlan } from './faults.ts'
import { availableOf, credit, withdraw } from './market-escrow.ts'
import { publishStorageDeals } from './market-publish.ts'
import { encodePublishReturn, encodeWithdrawReturn } from './messages.ts'
import { minerOf, preCommitSector, proveCommitSector, terminateSectors } from './miner-actor.ts'
import { BURNT_FUNDS_ACTOR_ID, type ChainState, cloneState, MARKET_ACTOR_ID } from './state.ts'

/** The result of executing a message. */
export interface Execution {
  /** The state after the message (the input state itself, or a replacement). */
  readonly state: ChainState
  readonly receipt: ChainReceipt
  readonly returnDec: PublishStorageDealsReturn | undefined
}

interface MethodResult {
  readonly returnValue: Uint8Array
  readonly returnDec?: PublishStorageDealsReturn
}

const EMPTY = new Uint8Array(0)

function invoke(
  state: ChainState,
  ctx: ExecutionContext,
  caller: bigint,
  message: ChainMessage,
): MethodResult {
  switch (message.kind) {
    case 'Send':
      transfer(state, caller, resolveOrCreateAccount(state, message.to), message.value)
      return { returnValue: EMPTY }
    case 'MarketAddBalance': {
      transfer(state, caller, MARKET_ACTOR_ID, message.value)
      if (message.value <= 0n) throw new ActorError(16, 'balance to add must be greater than zero')
      const id = resolveId(state, message.params.address)
      const kind = id === undefined ? undefined : state.actors.get(id)?.kind
      if (id === undefined || (kind !== 'account' && kind !== 'miner')) {
        throw new ActorError(16, `cannot add escrow for ${message.params.address.toString()}`)
      }
      credit(state, id, message.value)
      return { returnValue: EMPTY }
    }
    case 'MarketWithdrawBalance': {
      const { address, amount } = message.params
      if (amount < 0n) throw new ActorError(16, 'negative amount to withdraw')
      const id = resolveId(state, address)
      if (id === undefined) throw new ActorError(16, `cannot resolve ${address.toString()}`)
      const miner = state.miners.get(id)
      if (miner !== undefined && caller !== miner.owner && caller !== miner.worker) {
        throw new ActorError(18, 'only the owner or worker may withdraw a miner escrow')
      }
      if (miner === undefined && caller !== id)
        throw new ActorError(18, 'only the client may withdraw its escrow')
      const available = availableOf(state, id)
      let paid = amount
      if (available < paid) paid = available
      withdraw(state, id, miner?.owner ?? id, paid)
      return { returnValue: encodeWithdrawReturn(paid) }
    }
    case 'PublishStorageDeals': {
      const result = publishStorageDeals(state, ctx, caller, message.params.deals)
      return { returnValue: encodePublishReturn(result.ids, result.validDeals), returnDec: result }
    }
    case 'PreCommitSector':
      preCommitSector(state, ctx, minerIdOf(state, message), caller, message.params)
      return { returnValue: EMPTY }
    case 'ProveCommitSector':
      proveCommitSector(state, ctx, minerIdOf(state, message), caller, message.params.sectorNumber)
      return { returnValue: EMPTY }
    case 'TerminateSectors':
      terminateSectors(state, ctx, minerIdOf(state, message), caller, message.params.sectorNumbers)
      return { returnValue: EMPTY }
  }
}

function minerIdOf(state: ChainState, message: ChainMessage): bigint {
  const id = resolveId(state, message.to)
  if (id === undefined) throw new ActorError(17, `miner ${message.to.toString()} not found`)
  minerOf(state, id)
  return id
}

function failed(state: ChainState, exitCode: number): Execution {
  return { state, receipt: { exitCode, returnValue: EMPTY, gasUsed: 0n }, returnDec: undefined }
}

/** Executes `message` from its sender at `ctx.epoch`. */
export function execute(
  state: ChainState,
  ctx: ExecutionContext,
  message: ChainMessage,
  faults: FaultPlan,
): Execution {
  const sender = resolveId(state, message.from)
  const actor = sender === undefined ? undefined : state.actors.get(sender)
  if (sender === undefined || actor === undefined) return failed(state, 1)
  if (actor.balance < ctx.policy.messageFee) return failed(state, 6)
  state.actors.set(sender, { ...actor, nonce: actor.nonce + 1 })
  transfer(state, sender, BURNT_FUNDS_ACTOR_ID, ctx.policy.messageFee)
  const injected = faults.take(message.kind)
  if (injected !== undefined) return failed(state, injected)
  const draft = cloneState(state)
  try {
    const result = invoke(draft, ctx, sender, message)
    return {
      state: draft,
      receipt: { exitCode: 0, returnValue: result.returnValue, gasUsed: 0n },
      returnDec: result.returnDec,
    }
  } catch (error) {
    if (error instanceof ActorError) return failed(state, error.exitCode)
    throw error
  }
}
