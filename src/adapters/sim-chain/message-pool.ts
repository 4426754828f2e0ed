/**
 * The message pool and the record of every message the chain has seen: pushed messages wait here
 * until the next epoch executes them, and their receipts stay findable by CID. A reorg puts the
 * messages of reverted tipsets back at the front of the pool, as Lotus does.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { InvalidMessageError, NotEnoughFundsError } from '../../errors.ts'
import {
  type ChainMessage,
  type ChainReceipt,
  MARKET_ACTOR,
  type MessageSendSpec,
  type PublishStorageDealsReturn,
  type SignedMessage,
  type TipSetKey,
} from '../chain.ts'
import { resolveId } from './accounts.ts'
import { messageCid } from './messages.ts'
import { type ChainState, hexOf } from './state.ts'

/** Where a message executed. */
export interface MessageExecution {
  readonly height: number
  readonly tipSet: TipSetKey
  readonly receipt: ChainReceipt
  readonly returnDec: PublishStorageDealsReturn | undefined
}

/** A message the chain knows, and its execution once it happened on the current chain. */
export interface MessageEntry {
  /** Order in which the chain first saw the message. */
  readonly seq: number
  readonly cid: CID
  readonly message: ChainMessage
  readonly nonce: number
  execution: MessageExecution | undefined
}

const MARKET_KINDS = new Set(['MarketAddBalance', 'MarketWithdrawBalance', 'PublishStorageDeals'])
const MINER_KINDS = new Set(['PreCommitSector', 'ProveCommitSector', 'TerminateSectors'])

/** Pending messages plus the index of all messages by CID. */
export class MessagePool {
  readonly #entries = new Map<string, MessageEntry>()
  #pending: MessageEntry[] = []
  /** Entries changed since the last {@link takeChanged}: pushed, executed or reverted. */
  #changed = new Map<string, MessageEntry>()

  /** Validates, numbers and queues a message (MpoolPushMessage). */
  push(state: ChainState, message: ChainMessage, fee: bigint, spec: MessageSendSpec = {}): SignedMessage {
    const sender = resolveId(state, message.from)
    const actor = sender === undefined ? undefined : state.actors.get(sender)
    if (sender === undefined || actor?.kind !== 'account') {
      throw new InvalidMessageError(`sender ${message.from.toString()} is not an account on chain`)
    }
    if (message.value < 0n) throw new InvalidMessageError('negative message value')
    if (message.value > 0n && message.kind !== 'Send' && message.kind !== 'MarketAddBalance') {
      throw new InvalidMessageError(`${message.kind} carries no value`)
    }
    if (MARKET_KINDS.has(message.kind) && hexOf(message.to.bytes) !== hexOf(MARKET_ACTOR.bytes)) {
      throw new InvalidMessageError(`${message.kind} must be sent to the market actor`)
    }
    if (MINER_KINDS.has(message.kind)) {
      const miner = resolveId(state, message.to)
      if (miner === undefined || !state.miners.has(miner)) {
        throw new InvalidMessageError(`${message.to.toString()} is not a miner actor`)
      }
    }
    if (spec.maxFee !== undefined && fee > spec.maxFee) {
      throw new InvalidMessageError(`the fee ${fee} exceeds the sender's maximum ${spec.maxFee}`)
    }
    let spending = message.value + fee
    let nonce = actor.nonce
    for (const entry of this.#pending) {
      if (resolveId(state, entry.message.from) !== sender) continue
      spending += entry.message.value + fee
      nonce = Math.max(nonce, entry.nonce + 1)
    }
    if (spending > actor.balance) {
      throw new NotEnoughFundsError(
        `not enough funds in ${message.from.toString()}: ${spending} attoFIL required, ${actor.balance} available`,
      )
    }
    const cid = messageCid(message, nonce, fee)
    const entry: MessageEntry = { seq: this.#entries.size, cid, message, nonce, execution: undefined }
    this.#entries.set(cid.toString(), entry)
    this.#changed.set(cid.toString(), entry)
    this.#pending.push(entry)
    return { cid, message, nonce }
  }

  /** Empties the pool, returning its messages in execution order. */
  drain(): MessageEntry[] {
    const pending = this.#pending
    this.#pending = []
    // They are about to get an execution.
    for (const entry of pending) this.#changed.set(entry.cid.toString(), entry)
    return pending
  }

  /** The message known under `cid`. */
  get(cid: CID): MessageEntry | undefined {
    return this.#entries.get(cid.toString())
  }

  /** The message known under the CID string `key`. */
  byKey(key: string): MessageEntry | undefined {
    return this.#entries.get(key)
  }

  /** Forgets the executions above `height` and queues those messages again, ahead of the pool, in order. */
  revertAbove(height: number): void {
    const reverted = [...this.#entries.values()]
      .filter((entry) => entry.execution !== undefined && entry.execution.height > height)
      .sort((a, b) => (a.execution as MessageExecution).height - (b.execution as MessageExecution).height)
    for (const entry of reverted) {
      entry.execution = undefined
      this.#changed.set(entry.cid.toString(), entry)
    }
    this.#pending = [...reverted, ...this.#pending]
  }

  /** The entries changed since the last call, by CID string (for persistence). */
  takeChanged(): ReadonlyMap<string, MessageEntry> {
    const changed = this.#changed
    this.#changed = new Map()
    return changed
  }

  /** Messages executed on the current chain, in the order they executed. */
  executed(): MessageEntry[] {
    return [...this.#entries.values()]
      .filter((entry) => entry.execution !== undefined)
      .sort((a, b) => (a.execution as MessageExecution).height - (b.execution as MessageExecution).height)
  }

  /** Messages waiting for execution, in order (for persistence). */
  pending(): MessageEntry[] {
    return [...this.#pending]
  }

  /**
   * Restores the pool from persisted entries and the snapshot's pending list at `head`. An
   * execution above `head` belongs to an epoch whose snapshot never landed (a torn save): it is
   * forgotten, and the message, pending in that snapshot, runs again.
   */
  restore(entries: readonly MessageEntry[], pendingCids: readonly string[], head: number): void {
    for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
      if (entry.execution !== undefined && entry.execution.height > head) entry.execution = undefined
      this.#entries.set(entry.cid.toString(), entry)
    }
    this.#pending = pendingCids.flatMap((cid) => this.#entries.get(cid) ?? [])
  }
}
