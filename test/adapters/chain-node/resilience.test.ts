/**
 * The provider node's bounds on the chain: a head subscription that hangs does not stop the deal
 * watches (the head is read once per block time, and the subscription is opened again), and a
 * search for earlier publish messages that hangs fails within its bound and is tried again.
 */
import { describe, expect, it } from 'vitest'
import { type ChainAdapter, publishStorageDealsMessage } from '../../../src/adapters/chain.ts'
import { createProviderNode } from '../../../src/adapters/chain-node/provider-node.ts'
import { PublishIndex } from '../../../src/adapters/chain-node/publish-index.ts'
import type { DealWatch } from '../../../src/adapters/node.ts'
import { FIRST_DEAL_ID } from '../../../src/adapters/sim-chain/genesis.ts'
import { AbortError, PublishSearchTimeoutError } from '../../../src/errors.ts'
import { fundAll, makeWorld, pieceCid, proposal, sign, type World } from '../sim-chain/fixtures.ts'

const EPOCH_MS = 30_000

/** A promise that settles only when `signal` aborts. */
function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new AbortError()), { once: true })
  })
}

/** `world.chain` with some methods hanging until aborted while `hung` lists them; counts their calls. */
function hangingChain(world: World, hung: Set<string>): { chain: ChainAdapter; calls: Map<string, number> } {
  const calls = new Map<string, number>()
  const chain = new Proxy(world.chain as ChainAdapter, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target)
      if (typeof value !== 'function' || typeof prop !== 'string') return value
      return (...args: unknown[]) => {
        calls.set(prop, (calls.get(prop) ?? 0) + 1)
        if (!hung.has(prop)) return value.apply(target, args)
        const signal = (args.at(-1) as { signal?: AbortSignal } | undefined)?.signal
        if (prop === 'chainNotify') {
          return {
            [Symbol.asyncIterator]: () => ({
              next: () => hang(signal),
              return: async () => ({ done: true }),
            }),
          }
        }
        return hang(signal)
      }
    },
  })
  return { chain, calls }
}

async function publishedDeal(world: World) {
  await fundAll(world)
  const deal = await sign(world, proposal(world, { PieceCID: pieceCid(1) }))
  const sent = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [deal]))
  await world.chain.advance(1)
  return { deal, publishCid: sent.cid }
}

/** A published deal, and a provider node over a chain whose `chainNotify` hangs while `hung` lists it. */
async function watchedWithHungNotify() {
  const world = await makeWorld()
  const { deal, publishCid } = await publishedDeal(world)
  const hung = new Set(['chainNotify'])
  const { chain, calls } = hangingChain(world, hung)
  const node = createProviderNode(
    { chain, wallet: world.wallet, sealer: world.chain.sealer(world.miner), clock: world.clock },
    { minerAddress: world.miner, watchConfidence: 0, epochDurationMs: EPOCH_MS },
  )
  const watch: DealWatch = {
    provider: world.miner,
    dealId: FIRST_DEAL_ID,
    proposal: deal.Proposal,
    publishCid,
  }
  return { world, deal, hung, calls, node, watch }
}

describe('the head subscription of a node', () => {
  it('keeps deal watches going by reading the head once per block time while the subscription hangs', async () => {
    const { world, deal, calls, node, watch } = await watchedWithHungNotify()
    const outcomes: unknown[] = []
    // Slashed at once (not active, before its end) would end the watch: watch for expiry instead.
    await node.onDealSectorPreCommitted(watch, (outcome) => outcomes.push(outcome))
    expect(node.watchedDeals).toBe(1)
    const start = world.chain.head.height
    // Past the start epoch without activation: only a watch that still sees heads can tell.
    while (world.chain.head.height <= deal.Proposal.StartEpoch + 1) {
      await world.chain.advance(1)
      await world.clock.advance(EPOCH_MS)
    }
    expect(world.chain.head.height).toBeGreaterThan(start)
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0]).toHaveProperty('reason', 'not-activated')
    // The hung subscription was given up and opened again (every HEAD_STALL_EPOCHS block times).
    expect(calls.get('chainNotify')).toBeGreaterThan(1)
    node.stop()
    await world.chain.close()
  })

  it('follows heads from the subscription again, without reading the head, once it delivers', async () => {
    const { world, hung, calls, node, watch } = await watchedWithHungNotify()
    await node.onDealSectorPreCommitted(watch, () => undefined)
    hung.clear()
    // Four block times without a head: the subscription is opened again, and works.
    for (let i = 0; i < 4; i++) {
      await world.chain.advance(1)
      await world.clock.advance(EPOCH_MS)
    }
    const reads = calls.get('chainHead') ?? 0
    for (let i = 0; i < 3; i++) {
      await world.chain.advance(1)
      await world.clock.advance(EPOCH_MS)
    }
    expect(calls.get('chainHead') ?? 0).toBe(reads)
    node.stop()
    await world.chain.close()
  })
})

describe('PublishIndex bounds', () => {
  it('fails a hung search within its bound, without waiting for it, and searches again at the next lookup', async () => {
    const world = await makeWorld()
    await fundAll(world)
    const deal = await sign(world, proposal(world, { PieceCID: pieceCid(1) }))
    const earlier = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [deal]))
    const hung = new Set(['mpoolPending'])
    const { chain, calls } = hangingChain(world, hung)
    const index = new PublishIndex({ clock: world.clock, timeoutMs: 4 * EPOCH_MS })
    const first = index.find(chain, world.worker, deal).catch((error: unknown) => error)
    // A second caller joins the same search; aborting it leaves the first one waiting.
    const controller = new AbortController()
    const second = index
      .find(chain, world.worker, deal, { signal: controller.signal })
      .catch((e: unknown) => e)
    controller.abort()
    expect(await second).toBeInstanceOf(AbortError)
    await world.clock.advance(4 * EPOCH_MS)
    expect(await first).toBeInstanceOf(PublishSearchTimeoutError)
    expect(calls.get('mpoolPending')).toBe(1)
    hung.clear()
    expect((await index.find(chain, world.worker, deal))?.toString()).toBe(earlier.cid.toString())
    expect(calls.get('mpoolPending')).toBe(2)
    await world.chain.close()
  })
})
