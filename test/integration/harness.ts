/**
 * The integration harness (go-fil-markets' testharness): an embedded market with a client and a
 * provider on the simulated chain, recording the distinct consecutive states of every deal on
 * both sides, and checking the chain's books at the end.
 *
 * Every scenario runs once per entry of {@link CHAINS}: with the nodes calling the simulated chain
 * in process, and with each node on its own Lotus chain adapter talking over HTTP and WebSocket on
 * 127.0.0.1 to a devnet that serves the same simulated chain (the market still drives and inspects
 * that chain object directly).
 */
import type { CID } from 'multiformats/cid'
import { expect } from 'vitest'
import type { DealProtocolFamily } from '../../src/adapters/network.ts'
import {
  createEmbeddedMarket,
  type DealProgress,
  type EmbeddedChainAccess,
  type EmbeddedMarket,
  type EmbeddedMarketInit,
  type MarketSummary,
} from '../../src/embedded/index.ts'

/** How the nodes reach the chain, for `describe.each`: in process, and over Lotus JSON-RPC. */
export const CHAINS: readonly EmbeddedChainAccess[] = ['simulated', 'devnet']

/**
 * The lifecycle runs, for `describe.each`: go-fil-markets' protocols (mk/1.1, pushed data) on every
 * chain access, and Boost's (mk/1.2, pulled data) on the simulated chain, since the chain access
 * does not depend on the deal protocol.
 */
export const LIFECYCLES: readonly {
  readonly chain: EmbeddedChainAccess
  readonly family: DealProtocolFamily
}[] = [
  ...CHAINS.map((chain) => ({ chain, family: 'mk/1.1' as const })),
  { chain: 'simulated', family: 'mk/1.2' },
]

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

/**
 * Opens and starts a market (in memory unless `init.store` says otherwise) whose nodes reach the
 * chain as `init.chain` says.
 */
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
    close: async () => {
      // Over the devnet the nodes really went through it: every scenario signs a proposal there.
      if ((init.chain ?? 'simulated') === 'simulated') expect(market.lotus).toBeUndefined()
      else expect(market.lotus?.calls.get('Filecoin.WalletSign') ?? 0).toBeGreaterThan(0)
      await market.stop()
    },
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
