/**
 * Market-escrow reservations for one node (Lotus' fund manager): each address has a reserved
 * total; a reservation tops the escrow up with one AddBalance when the available escrow cannot
 * cover everything reserved. Unlike Lotus, a reservation does not wait for an earlier top-up to
 * land: top-ups still in flight count as available, so two deals reserving in the same epoch do
 * not each send a message for the same shortfall.
 *
 * Reservations of one address run one at a time, so every chain call they make is bounded (the
 * injected clock's `callTimeoutMs`, and the caller's AbortSignal): a call that never answers fails
 * its own reservation with {@link FundsCallTimeoutError} and the next one goes on. The books only
 * ever change once a reservation has all it needs, so a failed reservation leaves them as they
 * were, and they stay conservative: a top-up is counted as available only while it is known to be
 * on its way (its CID came back and the chain can still find it), never twice (once it executed,
 * the escrow read shows it and it leaves the list).
 *
 * @module
 */
import { CID } from 'multiformats/cid'
import { AdapterError, FundsCallTimeoutError } from '../../errors.ts'
import type { Address } from '../../market/index.ts'
import type { ChainAdapter, MarketBalance, TipSetKey } from '../chain.ts'
import type { Clock } from '../clock.ts'
import type { AbortOptions } from '../node.ts'
import { boundedCall } from './bounded-call.ts'

interface TopUp {
  readonly cid: CID
  readonly amount: bigint
}

function keyOf(address: Address): string {
  return address.toString().slice(1)
}

/** How a {@link FundManager} bounds its chain calls. */
export interface FundManagerOptions {
  /** The clock the bound runs on (a virtual one in tests). */
  readonly clock: Clock
  /** Longest wait for one chain call of a reservation, in ms; `Infinity` waits for ever. */
  readonly callTimeoutMs: number
}

/** Per-address reservations against market escrow, local to one node. */
export class FundManager {
  readonly #reserved = new Map<string, bigint>()
  readonly #inFlight = new Map<string, TopUp[]>()
  readonly #queues = new Map<string, Promise<unknown>>()
  readonly #clock: Clock
  readonly #timeoutMs: number

  constructor(
    private readonly chain: ChainAdapter,
    options: FundManagerOptions,
  ) {
    if (!(options.callTimeoutMs > 0)) {
      throw new RangeError(`the funds call timeout must be positive, got ${options.callTimeoutMs}`)
    }
    this.#clock = options.clock
    this.#timeoutMs = options.callTimeoutMs
  }

  /**
   * Adds `amount` to `address`'s reservations; when escrow (plus top-ups in flight) falls short of
   * the total reserved, sends AddBalance for the shortfall from `wallet` and resolves with its CID.
   * Fails, reserving nothing, when a chain call fails, does not answer within the bound
   * ({@link FundsCallTimeoutError}) or `options.signal` aborts.
   */
  reserve(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID | undefined> {
    return this.#serial(address, async () => {
      const key = keyOf(address)
      const head = await this.#call('ChainHead', address, options, (o) => this.chain.chainHead(o))
      const pending = await this.#stillInFlight(address, head.key, options)
      this.#inFlight.set(key, pending)
      const balance = checkedBalance(
        await this.#call('StateMarketBalance', address, options, (o) =>
          this.chain.stateMarketBalance(address, head.key, o),
        ),
      )
      const available = balance.escrow - balance.locked
      const inFlight = pending.reduce((sum, topUp) => sum + topUp.amount, 0n)
      const reserved = (this.#reserved.get(key) ?? 0n) + amount
      const shortfall = reserved - (available + inFlight)
      let cid: CID | undefined
      if (shortfall > 0n) {
        const answer = await this.#call(
          'MarketAddBalance',
          address,
          options,
          (o) => this.chain.marketAddBalance(wallet, address, shortfall, o),
          (late) => this.#adopt(address, late, shortfall),
        )
        cid = CID.asCID(answer) ?? undefined
        if (cid === undefined) {
          // The message may well be on its way; not counting it only means a later top-up covers
          // the same shortfall again, never that funds are counted that are not there.
          throw new AdapterError(
            `reserving funds for ${address}: the chain answered MarketAddBalance with something other than a message CID, so nothing was reserved`,
          )
        }
        pending.push({ cid, amount: shortfall })
      } else if (reserved > available) {
        // Covered only by top-ups still in flight (another deal's): wait for the last of them, or
        // the deal would go on before its funds are in escrow.
        cid = pending.at(-1)?.cid
      }
      this.#reserved.set(key, reserved)
      return cid
    })
  }

  /** Takes `amount` off `address`'s reservations (never below zero). */
  release(address: Address, amount: bigint): Promise<void> {
    return this.#serial(address, async () => {
      const key = keyOf(address)
      const left = (this.#reserved.get(key) ?? 0n) - amount
      if (left > 0n) this.#reserved.set(key, left)
      else this.#reserved.delete(key)
    })
  }

  /** What is reserved for `address`. */
  reserved(address: Address): bigint {
    return this.#reserved.get(keyOf(address)) ?? 0n
  }

  /** The total of `address`'s top-ups counted as in flight (sent, not yet seen executed). */
  inFlight(address: Address): bigint {
    return (this.#inFlight.get(keyOf(address)) ?? []).reduce((sum, topUp) => sum + topUp.amount, 0n)
  }

  /**
   * The top-ups of `address` the chain has not executed by `tsk`. One that executed (whatever its
   * exit code) shows in the escrow read at the same tipset, so it leaves the list; so does one the
   * chain cannot look up (not a CID, never seen, the search fails or does not answer): counting it
   * could count funds that never come, and dropping it costs at most a second top-up.
   */
  async #stillInFlight(
    address: Address,
    tsk: TipSetKey,
    options: AbortOptions | undefined,
  ): Promise<TopUp[]> {
    const pending: TopUp[] = []
    for (const topUp of this.#inFlight.get(keyOf(address)) ?? []) {
      let found: unknown
      try {
        found = await this.#call('StateSearchMsg', address, options, (o) =>
          this.chain.stateSearchMsg(tsk, topUp.cid, o),
        )
      } catch (error) {
        if (options?.signal?.aborted === true) throw error
        continue
      }
      if (found === undefined) pending.push(topUp)
    }
    return pending
  }

  /**
   * Counts an add-funds message whose CID came back only after its reservation gave up on it: its
   * funds are on their way to escrow, so later reservations need not send them again.
   */
  #adopt(address: Address, answer: unknown, amount: bigint): void {
    const cid = CID.asCID(answer)
    if (cid === null) return
    void this.#serial(address, async () => {
      const key = keyOf(address)
      this.#inFlight.set(key, [...(this.#inFlight.get(key) ?? []), { cid, amount }])
    })
  }

  /**
   * One chain call, bounded (see {@link boundedCall}); when the bound or the caller gave up on it
   * and it answers afterwards all the same, the answer goes to `late`.
   */
  async #call<T>(
    name: string,
    address: Address,
    options: AbortOptions | undefined,
    run: (options: AbortOptions) => Promise<T>,
    late?: (value: T) => void,
  ): Promise<T> {
    let call: Promise<T> | undefined
    try {
      return await boundedCall(
        this.#clock,
        this.#timeoutMs,
        options?.signal,
        (signal) => {
          call = run({ signal })
          return call
        },
        () => new FundsCallTimeoutError(name, address.toString(), this.#timeoutMs),
      )
    } catch (error) {
      // Only reached with `call` still pending when the wait was given up: had it settled first,
      // its own outcome would have been the answer.
      if (late !== undefined) void call?.then(late, () => undefined)
      throw error
    }
  }

  #serial<T>(address: Address, fn: () => Promise<T>): Promise<T> {
    const key = keyOf(address)
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(fn)
    const tail = run.catch(() => undefined)
    this.#queues.set(key, tail)
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key)
    })
    return run
  }
}

/** The balance, or an AdapterError when the chain answered something else. */
function checkedBalance(balance: MarketBalance): MarketBalance {
  if (typeof balance?.escrow !== 'bigint' || typeof balance.locked !== 'bigint') {
    throw new AdapterError('the chain answered StateMarketBalance with something other than a balance')
  }
  return balance
}
