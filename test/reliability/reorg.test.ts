/**
 * Chain reorganisations with deals in flight, on the embedded market's simulated chain: the
 * tipsets holding a deal's publish or pre-commit message are reverted and the message is included
 * again. Nothing may be counted twice: escrow, deal ids, the records of both sides.
 */
import { describe, expect, it } from 'vitest'
import type { SimChain } from '../../src/adapters/sim-chain/index.ts'
import { seededBytes } from '../../src/embedded/demo.ts'
import { createEmbeddedMarket, type EmbeddedMarket } from '../../src/embedded/index.ts'
import { ChainInvariantError } from '../../src/errors.ts'

const PROVE_COMMIT_DELAY = 8

/** The height whose tipset executed `cid`, if it executed on the current chain. */
async function executedAt(chain: SimChain, cid: { toString(): string } | null): Promise<number | undefined> {
  if (cid === null) return undefined
  const lookup = await chain.stateSearchMsg([], cid as never)
  return lookup?.height
}

/** Where to reorganise: the height of the tipset to revert from, once there is one. */
type Trigger = (market: EmbeddedMarket) => Promise<number | undefined>

/** Every provider deal's publish message executed: revert from the earliest one's tipset. */
const publishLanded =
  (minConfidence: number): Trigger =>
  async (market) => {
    const heights: number[] = []
    for (const deal of await market.provider.listLocalDeals()) {
      const height = await executedAt(market.chain, deal.PublishCid)
      if (height === undefined) return undefined
      heights.push(height)
    }
    const first = Math.min(...heights)
    return heights.length > 0 && market.epoch - first >= minConfidence ? first : undefined
  }

/** A sector's pre-commit executed (its job waits to prove): revert from that tipset. */
const preCommitLanded: Trigger = async (market) => {
  const job = market.chain.sectorJobs().find((j) => j.stage === 'waiting-to-prove')
  return job === undefined ? undefined : job.due - PROVE_COMMIT_DELAY
}

interface Outcome {
  readonly states: string[]
  readonly dealIds: string[]
  readonly accounts: string[]
  readonly lockedTotal: bigint
  readonly reorgedAt: number | undefined
  readonly errors: Error[]
}

/** The same two deals as in every run, reorganised once when `trigger` fires. */
async function run(trigger: Trigger | undefined, depthPast = 0): Promise<Outcome> {
  const errors: Error[] = []
  const market = await createEmbeddedMarket({
    seed: 7,
    dealStartDelayEpochs: 50,
    dealDurationEpochs: 10,
    sealing: { preCommitDelay: 2, proveCommitDelay: PROVE_COMMIT_DELAY },
    onError: (error) => errors.push(error),
  })
  try {
    await market.start()
    for (let i = 0; i < 2; i++) {
      const payload = await market.importData(seededBytes(70 + i, 600))
      await market.proposeDeal({ data: payload })
    }
    let reorgedAt: number | undefined
    for (let step = 0; step < 200 && trigger !== undefined && reorgedAt === undefined; step++) {
      const from = await trigger(market)
      if (from !== undefined) {
        // Revert the tipset that executed the message (and `depthPast` more below it).
        await market.chain.reorg(market.epoch - from + 1 + depthPast)
        await market.settle()
        reorgedAt = from
      } else await market.advance(1)
    }
    await market.runUntil(undefined, { maxEpochs: 500 })
    const summary = await market.summary()
    const providerIds = new Map(
      (await market.provider.listLocalDeals()).map((d) => [d.ProposalCid.toString(), d.DealID.toString()]),
    )
    const clientDeals = await market.client.listLocalDeals()
    return {
      states: summary.deals.map((d) => `${d.clientState}/${d.providerState}`).sort(),
      dealIds: clientDeals
        .map((d) => `${d.ProposalCid}:${d.DealID}=${providerIds.get(d.ProposalCid.toString())}`)
        .sort(),
      accounts: summary.accounts.map((a) => `${a.role}:${a.balance}/${a.escrow}/${a.locked}`),
      lockedTotal: summary.lockedTotal,
      reorgedAt,
      errors,
    }
  } finally {
    await market.stop()
  }
}

describe('reorgs with deals in flight', () => {
  it('counts nothing twice when the publish message, the pre-commit, or a publish past its confidence is reverted and included again', async () => {
    const reference = await run(undefined)
    expect(reference.states).toEqual(Array(2).fill('StorageDealExpired/StorageDealExpired'))
    const scenarios: [string, Trigger, number][] = [
      ['publish before confidence', publishLanded(2), 0],
      ['publish after the deals recorded their ids', publishLanded(12), 1],
      ['pre-commit', preCommitLanded, 0],
    ]
    for (const [name, trigger, depthPast] of scenarios) {
      const outcome = await run(trigger, depthPast)
      expect(outcome.reorgedAt, name).toBeDefined()
      expect(
        outcome.errors.filter((e) => e instanceof ChainInvariantError),
        name,
      ).toEqual([])
      expect(outcome.states, name).toEqual(reference.states)
      // The same ids as without the reorg, the same on both sides: none allocated twice.
      expect(outcome.dealIds, name).toEqual(reference.dealIds)
      for (const line of outcome.dealIds) {
        const [, ids] = line.split(':')
        const [client, provider] = (ids ?? '').split('=')
        expect(client, name).toBe(provider)
      }
      expect(outcome.lockedTotal, name).toBe(0n)
      expect(outcome.accounts, name).toEqual(reference.accounts)
    }
  }, 60_000)
})
