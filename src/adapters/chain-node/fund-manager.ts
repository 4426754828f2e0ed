/**
 * Market-escrow reservations for one node (Lotus' fund manager): each address has a reserved
 * total; a reservation tops the escrow up with one AddBalance when the available escrow cannot
 * cover everything reserved. Unlike Lotus, a reservation does not wait for an earlier top-up to
 * land: top-ups still in flight count as available, so two deals reserving in the same epoch do
 * not each send a message for the same shortfall.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { Address } from '../../market/index.ts'
import type { ChainAdapter } from '../chain.ts'
import type { AbortOptions } from '../node.ts'

interface TopUp {
  readonly cid: CID
  readonly amount: bigint
}

function keyOf(address: Address): string {
  return address.toString().slice(1)
}

/** Per-address reservations against market escrow, local to one node. */
export class FundManager {
  readonly #reserved = new Map<string, bigint>()
  readonly #inFlight = new Map<string, TopUp[]>()
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor(private readonly chain: ChainAdapter) {}

  /**
   * Adds `amount` to `address`'s reservations; when escrow (plus top-ups in flight) falls short of
   * the total reserved, sends AddBalance for the shortfall from `wallet` and resolves with its CID.
   */
  reserve(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID | undefined> {
    return this.#serial(address, async () => {
      const key = keyOf(address)
      const head = await this.chain.chainHead(options)
      const pending: TopUp[] = []
      for (const topUp of this.#inFlight.get(key) ?? []) {
        // Once it executed (whatever its exit code) the escrow read below already shows its effect.
        if ((await this.chain.stateSearchMsg(head.key, topUp.cid, options)) === undefined) pending.push(topUp)
      }
      this.#inFlight.set(key, pending)
      const balance = await this.chain.stateMarketBalance(address, head.key, options)
      const inFlight = pending.reduce((sum, topUp) => sum + topUp.amount, 0n)
      const reserved = (this.#reserved.get(key) ?? 0n) + amount
      const shortfall = reserved - (balance.escrow - balance.locked + inFlight)
      let cid: CID | undefined
      if (shortfall > 0n) {
        cid = await this.chain.marketAddBalance(wallet, address, shortfall, options)
        pending.push({ cid, amount: shortfall })
      } else if (reserved > balance.escrow - balance.locked) {
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
