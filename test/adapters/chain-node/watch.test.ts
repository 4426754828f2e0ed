import { describe, expect, it } from 'vitest'
import type { DealWatch, PreCommitOutcome } from '../../../src/adapters/node.ts'
import { FIRST_DEAL_ID } from '../../../src/adapters/sim-chain/genesis.ts'
import { DealWatchError } from '../../../src/errors.ts'
import { clientDealProposalCid } from '../../../src/market/index.ts'
import { fundAll, pieceCid, proposal, sign } from '../sim-chain/fixtures.ts'
import { CHAIN_KINDS } from './chains.ts'
import { EMPTY_PIECE, makeNodes, minerDeal, type Nodes, type NodesOptions } from './fixtures.ts'

/** Nodes with `count` published deals (ids from FIRST_DEAL_ID on), the publish landed. */
async function withDeals(count: number, options: NodesOptions = {}) {
  const nodes = await makeNodes(options)
  const { world, provider } = nodes
  await fundAll(world)
  const deals = await Promise.all(
    Array.from({ length: count }, (_, i) => sign(world, proposal(world, { PieceCID: pieceCid(i + 1) }))),
  )
  const publishCid = await provider.publishDeals(deals)
  await world.chain.advance(1)
  const watches: DealWatch[] = deals.map((deal, i) => ({
    provider: world.miner,
    dealId: FIRST_DEAL_ID + BigInt(i),
    proposal: deal.Proposal,
    publishCid,
  }))
  const handOff = async (i: number) => {
    const deal = deals[i] as (typeof deals)[number]
    const record = minerDeal(deal, await clientDealProposalCid(deal), FIRST_DEAL_ID + BigInt(i), publishCid)
    return provider.onDealComplete(record, 508, EMPTY_PIECE)
  }
  return { ...nodes, deals, watches, handOff }
}

function recorder<T>() {
  const calls: T[] = []
  return { calls, callback: (value: T) => void calls.push(value) }
}

async function untilStage(nodes: Nodes, stage: string): Promise<void> {
  for (let i = 0; i < 20 && nodes.world.chain.sectorJobs()[0]?.stage !== stage; i++)
    await nodes.world.chain.advance(1)
}

describe.each(CHAIN_KINDS)('on %s', (chain) => {
  describe('onDealSectorPreCommitted', () => {
    it("reports the provider's sector once its pre-commit listing the deal has landed", async () => {
      const nodes = await withDeals(1, { chain })
      const packed = await nodes.handOff(0)
      const { calls, callback } = recorder<PreCommitOutcome | Error>()
      await nodes.provider.onDealSectorPreCommitted(nodes.watches[0] as DealWatch, callback)
      expect(calls).toEqual([])
      await untilStage(nodes, 'waiting-to-prove')
      expect(calls).toEqual([{ sectorNumber: packed.sectorNumber, isActive: false }])
      await nodes.world.chain.advance(10)
      expect(calls).toHaveLength(1)
      expect(nodes.provider.watchedDeals).toBe(0)
    })

    it('waits for the confidence before reporting, and uses the sector given in the watch', async () => {
      const nodes = await withDeals(1, { chain, watchConfidence: 2 })
      await nodes.world.chain.sealer(nodes.world.miner).handOff({
        dealId: FIRST_DEAL_ID,
        proposal: (nodes.watches[0] as DealWatch).proposal,
        publishCid: undefined,
        pieceSize: 508,
        piece: EMPTY_PIECE,
      })
      const { calls, callback } = recorder<PreCommitOutcome | Error>()
      await nodes.client.onDealSectorPreCommitted(
        { ...(nodes.watches[0] as DealWatch), sectorNumber: 1n },
        callback,
      )
      await untilStage(nodes, 'waiting-to-prove')
      expect(calls).toEqual([])
      await nodes.world.chain.advance(2)
      expect(calls).toEqual([{ sectorNumber: 1n, isActive: false }])
    })

    it('without a known sector, reports the deal once it is active', async () => {
      const nodes = await withDeals(1, { chain })
      await nodes.handOff(0)
      const { calls, callback } = recorder<PreCommitOutcome | Error>()
      await nodes.client.onDealSectorPreCommitted(nodes.watches[0] as DealWatch, callback)
      await untilStage(nodes, 'waiting-to-prove')
      expect(calls).toEqual([])
      await untilStage(nodes, 'proven')
      expect(calls).toEqual([{ isActive: true }])
    })

    it('calls back before resolving when the deal is already active', async () => {
      const nodes = await withDeals(1, { chain })
      await nodes.handOff(0)
      await untilStage(nodes, 'proven')
      const { calls, callback } = recorder<PreCommitOutcome | Error>()
      await nodes.client.onDealSectorPreCommitted(nodes.watches[0] as DealWatch, callback)
      expect(calls).toEqual([{ isActive: true }])
      expect(nodes.client.watchedDeals).toBe(0)
      expect(await nodes.subscriptions()).toBe(0)
    })

    it('fails with not-activated when the start epoch passes without activation', async () => {
      const nodes = await withDeals(1, { chain })
      const { calls, callback } = recorder<PreCommitOutcome | Error>()
      await nodes.client.onDealSectorPreCommitted(nodes.watches[0] as DealWatch, callback)
      await nodes.world.chain.advance(25)
      expect(calls).toHaveLength(1)
      expect(calls[0]).toBeInstanceOf(DealWatchError)
      expect(calls[0]).toHaveProperty('reason', 'not-activated')
    })

    it('rejects the registration for a deal the chain does not know', async () => {
      const nodes = await withDeals(1, { chain })
      const unknown = { ...(nodes.watches[0] as DealWatch), dealId: 42n }
      await expect(nodes.client.onDealSectorPreCommitted(unknown, () => undefined)).rejects.toHaveProperty(
        'code',
        'ERR_MARKET_DEAL_NOT_FOUND',
      )
      expect(nodes.client.watchedDeals).toBe(0)
    })
  })

  describe('onDealSectorCommitted', () => {
    it('reports success once the sector is proven and the deal active', async () => {
      const nodes = await withDeals(1, { chain })
      const packed = await nodes.handOff(0)
      const { calls, callback } = recorder<Error | undefined>()
      await nodes.provider.onDealSectorCommitted(
        { ...(nodes.watches[0] as DealWatch), sectorNumber: packed.sectorNumber },
        callback,
      )
      await untilStage(nodes, 'proving')
      expect(calls).toEqual([])
      await untilStage(nodes, 'proven')
      expect(calls).toEqual([undefined])
    })

    it('fails with not-activated when the prove-commit fails and the start epoch passes', async () => {
      const nodes = await withDeals(1, { chain })
      nodes.world.chain.failNext('ProveCommitSector', 16)
      const packed = await nodes.handOff(0)
      const { calls, callback } = recorder<Error | undefined>()
      await nodes.provider.onDealSectorCommitted(
        { ...(nodes.watches[0] as DealWatch), sectorNumber: packed.sectorNumber },
        callback,
      )
      await nodes.world.chain.advance(25)
      expect(nodes.world.chain.sectorJobs()[0]?.stage).toBe('failed')
      expect(calls).toHaveLength(1)
      expect(calls[0]).toHaveProperty('reason', 'not-activated')
    })
  })

  describe('onDealExpiredOrSlashed', () => {
    async function activeDeal(options: NodesOptions = {}) {
      const nodes = await withDeals(1, options)
      await nodes.handOff(0)
      await untilStage(nodes, 'proven')
      const expired = recorder<Error | undefined>()
      const slashed = recorder<{ readonly slashEpoch: number } | Error>()
      await nodes.provider.onDealExpiredOrSlashed(FIRST_DEAL_ID, expired.callback, slashed.callback)
      return { nodes, expired, slashed }
    }

    it('reports expiry once the head reaches the end epoch', async () => {
      const { nodes, expired, slashed } = await activeDeal({ chain })
      const end = (nodes.watches[0] as DealWatch).proposal.EndEpoch
      await nodes.world.chain.advance(end - 1 - nodes.world.chain.head.height)
      expect(expired.calls).toEqual([])
      await nodes.world.chain.advance(1)
      expect(expired.calls).toEqual([undefined])
      expect(slashed.calls).toEqual([])
      expect(await nodes.subscriptions()).toBe(0)
    })

    it('reports slashing at the epoch the terminated sector removed the deal', async () => {
      const { nodes, expired, slashed } = await activeDeal({ chain, watchConfidence: 2 })
      await nodes.world.chain.advance(25 - nodes.world.chain.head.height)
      await nodes.world.chain.terminateSector(nodes.world.miner, 1n)
      await nodes.world.chain.advance(1)
      expect(slashed.calls).toEqual([])
      await nodes.world.chain.advance(2)
      expect(slashed.calls).toEqual([{ slashEpoch: 26 }])
      await nodes.world.chain.advance(60)
      expect(expired.calls).toEqual([])
    })

    it('reports an inactive deal as slashed at once, as go-fil-markets does', async () => {
      const nodes = await withDeals(1, { chain })
      const slashed = recorder<{ readonly slashEpoch: number } | Error>()
      await nodes.provider.onDealExpiredOrSlashed(FIRST_DEAL_ID, () => undefined, slashed.callback)
      expect(slashed.calls).toEqual([{ slashEpoch: nodes.world.chain.head.height }])
    })
  })

  describe('the shared chain watcher', () => {
    it('serves every watch of a node through one head subscription', async () => {
      const nodes = await withDeals(3, { chain })
      const noop = () => undefined
      for (const watch of nodes.watches) {
        await nodes.client.onDealSectorPreCommitted(watch, noop)
        await nodes.client.onDealSectorCommitted({ ...watch, sectorNumber: 1n }, noop)
        await nodes.provider.onDealSectorPreCommitted(watch, noop)
      }
      expect(nodes.client.watchedDeals).toBe(6)
      expect(nodes.provider.watchedDeals).toBe(3)
      expect(await nodes.subscriptions()).toBe(2)
      await nodes.world.chain.advance(3)
      expect(await nodes.subscriptions()).toBe(2)
    })

    it('aborting a registration removes it without a call, and the last one closes the subscription', async () => {
      const nodes = await withDeals(2, { chain })
      await nodes.handOff(0)
      await nodes.handOff(1)
      const first = new AbortController()
      const second = new AbortController()
      const calls: string[] = []
      await nodes.provider.onDealSectorCommitted(
        { ...(nodes.watches[0] as DealWatch), sectorNumber: 1n },
        () => calls.push('first'),
        { signal: first.signal },
      )
      await nodes.provider.onDealSectorCommitted(
        { ...(nodes.watches[1] as DealWatch), sectorNumber: 1n },
        () => calls.push('second'),
        { signal: second.signal },
      )
      first.abort()
      expect(nodes.provider.watchedDeals).toBe(1)
      expect(await nodes.subscriptions()).toBe(1)
      second.abort()
      expect(nodes.provider.watchedDeals).toBe(0)
      await nodes.world.chain.advance(1)
      expect(await nodes.subscriptions()).toBe(0)
      await untilStage(nodes, 'proven')
      expect(calls).toEqual([])
    })

    it('a reorg across the activation does not report the deal twice', async () => {
      const nodes = await withDeals(1, { chain })
      const packed = await nodes.handOff(0)
      const calls: (Error | undefined)[] = []
      await nodes.client.onDealSectorCommitted(
        { ...(nodes.watches[0] as DealWatch), sectorNumber: packed.sectorNumber },
        (result) => calls.push(result),
      )
      await untilStage(nodes, 'proven')
      expect(calls).toEqual([undefined])
      await nodes.world.chain.reorg(2)
      await nodes.world.chain.advance(3)
      expect(
        (await nodes.world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).state.sectorStartEpoch,
      ).toBeGreaterThan(0)
      expect(calls).toEqual([undefined])
    })

    it('with a confidence, an activation undone by a reorg is reported only once it holds again', async () => {
      const nodes = await withDeals(1, { chain, watchConfidence: 3 })
      const packed = await nodes.handOff(0)
      const calls: (Error | undefined)[] = []
      await nodes.client.onDealSectorCommitted(
        { ...(nodes.watches[0] as DealWatch), sectorNumber: packed.sectorNumber },
        (result) => calls.push(result),
      )
      await untilStage(nodes, 'proven')
      const activated = (await nodes.world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).state
        .sectorStartEpoch
      await nodes.world.chain.reorg(nodes.world.chain.head.height - activated + 1)
      expect(calls).toEqual([])
      await nodes.world.chain.advance(3)
      expect(calls).toEqual([undefined])
    })

    it('tells every watch once its chain is closed for good, and keeps them while a remote one fails', async () => {
      const nodes = await withDeals(1, { chain })
      const calls: unknown[] = []
      await nodes.client.onDealSectorPreCommitted(nodes.watches[0] as DealWatch, (r) => calls.push(r))
      await nodes.world.chain.close()
      // The subscription ended: the next check of it (one block time on) reads the head itself.
      await nodes.world.clock.advance(30_000)
      if (chain === 'SimChain') {
        // The node's own chain answers ERR_CHAIN_CLOSED: nothing will ever come again.
        expect(calls).toHaveLength(1)
        expect(calls[0]).toHaveProperty('reason', 'chain-error')
        expect(nodes.client.watchedDeals).toBe(0)
      } else {
        // A Lotus node that fails its calls may come back: the watch waits, and is checked again.
        expect(calls).toEqual([])
        expect(nodes.client.watchedDeals).toBe(1)
        nodes.client.stop()
      }
    })

    it('stop() drops every watch and closes the subscription', async () => {
      const nodes = await withDeals(1, { chain })
      const calls: unknown[] = []
      await nodes.client.onDealSectorPreCommitted(nodes.watches[0] as DealWatch, (r) => calls.push(r))
      expect(await nodes.subscriptions()).toBe(1)
      nodes.client.stop()
      await nodes.world.chain.advance(1)
      expect(await nodes.subscriptions()).toBe(0)
      await nodes.world.chain.advance(30)
      expect(calls).toEqual([])
    })
  })
})
