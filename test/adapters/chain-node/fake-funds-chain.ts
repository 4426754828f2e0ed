/**
 * A fake chain with just the four calls the fund manager makes (ChainHead, StateSearchMsg,
 * StateMarketBalance, MarketAddBalance), one escrow per address, an explicit message pool, and
 * faults queued per call: fail, hang until aborted, stall (ignore the signal), answer garbage, or
 * push the message but answer only when the test says so.
 */
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import type {
  ChainAdapter,
  MarketBalance,
  MsgLookup,
  TipSet,
  TipSetKey,
} from '../../../src/adapters/chain.ts'
import type { AbortOptions } from '../../../src/adapters/node.ts'
import { AbortError, MessageNotFoundError } from '../../../src/errors.ts'
import type { Address } from '../../../src/market/index.ts'

/** The calls the fund manager makes. */
export type FundsCall = 'chainHead' | 'stateSearchMsg' | 'stateMarketBalance' | 'marketAddBalance'

/**
 * What a faulted call does: `reject`; `hang` until its signal aborts; `stall` for ever, ignoring
 * its signal; `garbage` (after doing the real work); `late`, for MarketAddBalance only: the
 * message is pushed, and its CID comes back only at {@link FakeFundsChain.answerLate}.
 */
export type Fault = 'reject' | 'hang' | 'stall' | 'garbage' | 'late'

/** A message in the fake pool. */
export interface FakeMessage {
  readonly cid: CID
  readonly address: string
  readonly amount: bigint
  /** Set once executed: 0 adds the amount to escrow, anything else adds nothing. */
  exitCode: number | undefined
}

/** The value a garbage fault answers. */
export const GARBAGE: unknown = Object.freeze({ garbage: true })

/** The fake chain; `adapter` is what the fund manager gets. */
export class FakeFundsChain {
  height = 0
  readonly escrow = new Map<string, bigint>()
  readonly pool = new Map<string, FakeMessage>()
  /** Every call made, in order. */
  readonly calls: FundsCall[] = []
  readonly #faults = new Map<FundsCall, Fault[]>()
  readonly #late: (() => void)[] = []
  #nextMessage = 0
  #failNextExecution = false

  /** Makes the next call of `call` (after those already queued) do `fault`. */
  fault(call: FundsCall, fault: Fault): void {
    this.#faults.set(call, [...(this.#faults.get(call) ?? []), fault])
  }

  /** Drops every fault not yet used. */
  clearFaults(): void {
    this.#faults.clear()
  }

  /** At the next {@link advance}, the first message to execute fails (exit code 16): its funds never reach escrow. */
  failNextExecution(): void {
    this.#failNextExecution = true
  }

  /** Executes every pending message and moves to the next epoch. */
  advance(): void {
    for (const message of this.pool.values()) {
      if (message.exitCode !== undefined) continue
      message.exitCode = this.#failNextExecution ? 16 : 0
      this.#failNextExecution = false
      if (message.exitCode === 0) {
        this.escrow.set(message.address, (this.escrow.get(message.address) ?? 0n) + message.amount)
      }
    }
    this.#failNextExecution = false
    this.height++
  }

  /** Drops a pending message from the pool, as a node that lost it would: it is never found again. */
  forget(cid: CID): void {
    this.pool.delete(cid.toString())
  }

  /** Answers every MarketAddBalance held by a `late` fault. */
  answerLate(): void {
    for (const answer of this.#late.splice(0)) answer()
  }

  /** What is pending (pushed, not executed) for `address`. */
  pending(address: Address): bigint {
    let sum = 0n
    for (const message of this.pool.values()) {
      if (message.exitCode === undefined && message.address === address.toString()) sum += message.amount
    }
    return sum
  }

  /** Escrow of `address` (nothing is ever locked here). */
  available(address: Address): bigint {
    return this.escrow.get(address.toString()) ?? 0n
  }

  readonly adapter: ChainAdapter = {
    chainHead: (options?: AbortOptions): Promise<TipSet> =>
      this.#run('chainHead', options, () => ({
        key: [this.#cidOf(`head ${this.height}`)],
        height: this.height,
        parents: [],
        timestamp: 0,
      })),
    stateSearchMsg: (_tsk: TipSetKey, cid: CID, options?: AbortOptions): Promise<MsgLookup | undefined> =>
      this.#run('stateSearchMsg', options, () => {
        const message = CID.asCID(cid) === null ? undefined : this.pool.get(cid.toString())
        if (message === undefined) throw new MessageNotFoundError(String(cid))
        if (message.exitCode === undefined) return undefined
        return {
          message: cid,
          receipt: { exitCode: message.exitCode, return: new Uint8Array(0), gasUsed: 0n },
          returnDec: undefined,
          tipSet: [],
          height: this.height,
        } as unknown as MsgLookup
      }),
    stateMarketBalance: (address: Address, _tsk: TipSetKey, options?: AbortOptions): Promise<MarketBalance> =>
      this.#run('stateMarketBalance', options, () => ({ escrow: this.available(address), locked: 0n })),
    marketAddBalance: (_wallet: Address, address: Address, amount: bigint, options?: AbortOptions) =>
      this.#run('marketAddBalance', options, () => {
        const cid = this.#cidOf(`message ${this.#nextMessage++}`)
        this.pool.set(cid.toString(), { cid, address: address.toString(), amount, exitCode: undefined })
        return cid
      }),
  } as unknown as ChainAdapter

  #run<T>(call: FundsCall, options: AbortOptions | undefined, work: () => T): Promise<T> {
    this.calls.push(call)
    const fault = this.#faults.get(call)?.shift()
    if (options?.signal?.aborted === true) return Promise.reject(new AbortError())
    switch (fault) {
      case undefined:
        return new Promise((resolve) => resolve(work()))
      case 'reject':
        return Promise.reject(new Error(`injected failure of ${call}`))
      case 'garbage':
        work()
        return Promise.resolve(GARBAGE as T)
      case 'stall':
        return new Promise(() => undefined)
      case 'late': {
        const value = work()
        return new Promise((resolve) => this.#late.push(() => resolve(value)))
      }
      case 'hang':
        return new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => reject(new AbortError()), { once: true })
        })
    }
  }

  #cidOf(text: string): CID {
    return CID.create(1, 0x55, identity.digest(new TextEncoder().encode(text)))
  }
}
