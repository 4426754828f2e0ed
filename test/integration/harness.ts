/**
 * The integration harness (go-fil-markets' testharness): an embedded market with a client and a
 * provider on the simulated chain, recording the distinct consecutive states of every deal on
 * both sides, and checking the chain's books at the end.
 */
import type { CID } from 'multiformats/cid'
import { expect } from 'vitest'
import {
  createEmbeddedMarket,
  type DealProgress,
  type EmbeddedMarket,
  type EmbeddedMarketInit,
  type MarketSummary,
} from '../../src/embedded/index.ts'

/** A market and what the harness saw of it. */
export interface Harness {
  readonly market: EmbeddedMarket
  /** Failures nobody awaited (dropped transfer events and the like), for diagnosis. */
  readonly errors: Error[]
  /** Funds of every actor before any deal. */
  readonly before: MarketSummary
  /** The client states of a deal, without repeats. */
  clientStates(proposalCid: CID): string[]
  /** The provider states of a deal, without repeats. */
  providerStates(proposalCid: CID): string[]
  close(): Promise<void>
}

/** Opens and starts a market (in memory unless `init.store` says otherwise). */
export async function startMarket(init: EmbeddedMarketInit = {}): Promise<Harness> {
  const errors: Error[] = []
  const market = await createEmbeddedMarket({ seed: 7, ...init, onError: (error) => errors.push(error) })
  const client = new Map<string, string[]>()
  const provider = new Map<string, string[]>()
  const record = (seen: Map<string, string[]>, id: string, state: string | undefined): void => {
    if (state === undefined) return
    const states = seen.get(id) ?? []
    if (states.at(-1) !== state) states.push(state)
    seen.set(id, states)
  }
  market.onProgress((progress: DealProgress) => {
    for (const deal of progress.deals) {
      record(client, deal.proposalCid, deal.client)
      record(provider, deal.proposalCid, deal.provider)
    }
  })
  await market.start()
  const before = await market.summary()
  return {
    market,
    errors,
    before,
    clientStates: (cid) => client.get(cid.toString()) ?? [],
    providerStates: (cid) => provider.get(cid.toString()) ?? [],
    close: () => market.stop(),
  }
}

/** Bytes of a payload whose every 1 MiB block is the same: its CAR repeats one block. */
export function duplicateBlocksPayload(): Uint8Array {
  const block = new TextEncoder()
    .encode('the same block, again and again. '.repeat(32_000))
    .subarray(0, 1 << 20)
  const bytes = new Uint8Array(2 * block.length + 100)
  bytes.set(block, 0)
  bytes.set(block, block.length)
  return bytes
}

/** A small text payload, like the reference's payload.txt. */
export const TEXT_PAYLOAD = new TextEncoder().encode('a small payload for a storage deal\n'.repeat(200))

function account(summary: MarketSummary, role: MarketSummary['accounts'][number]['role']) {
  const found = summary.accounts.find((a) => a.role === role)
  if (found === undefined) throw new Error(`no ${role} account in the summary`)
  return found
}

/** What moved between two summaries: the client's loss, the provider's gain, and the burnt funds. */
export function fundsMoved(before: MarketSummary, after: MarketSummary) {
  const total = (summary: MarketSummary, role: 'client' | 'worker' | 'miner' | 'burnt') =>
    account(summary, role).balance + account(summary, role).escrow
  return {
    clientPaid: total(before, 'client') - total(after, 'client'),
    providerGained:
      total(after, 'miner') + total(after, 'worker') - total(before, 'miner') - total(before, 'worker'),
    burnt: total(after, 'burnt') - total(before, 'burnt'),
  }
}

/**
 * The books after every deal is final: nothing locked, no FIL created or lost, and every attoFIL
 * the client paid went to the provider or was burnt. `payments` is what the provider earned.
 */
export function expectSettled(
  before: MarketSummary,
  after: MarketSummary,
  payments: bigint,
  burnt = 0n,
): void {
  expect(after.lockedTotal).toBe(0n)
  expect(after.accountedSupply).toBe(after.totalSupply)
  expect(after.totalSupply).toBe(before.totalSupply)
  const moved = fundsMoved(before, after)
  expect(moved.burnt).toBe(burnt)
  expect(moved.providerGained).toBe(payments - burnt)
  expect(moved.clientPaid).toBe(payments)
}

/** What a deal that ran to its end paid: its price for every epoch from start to end. */
export function fullPayment(summary: MarketSummary, proposalCid: CID): bigint {
  const deal = summary.deals.find((d) => d.proposalCid.equals(proposalCid))
  if (deal === undefined) throw new Error(`no deal ${proposalCid} in the summary`)
  return deal.pricePerEpoch * BigInt(deal.endEpoch - deal.startEpoch)
}
