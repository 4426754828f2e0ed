import { beforeEach, describe, expect, it } from 'vitest'
import { publishStorageDealsMessage } from '../../../src/adapters/chain.ts'
import { DealPublicationError, MessageFailedError } from '../../../src/errors.ts'
import { clientDealProposalCid, type DealProposal } from '../../../src/market/index.ts'
import { FIL, fundAll, pieceCid, proposal, sign } from '../sim-chain/fixtures.ts'
import { CHAIN_KINDS } from './chains.ts'
import { clientDeal, makeNodes, type Nodes } from './fixtures.ts'

describe.each(CHAIN_KINDS)('on %s', (chain) => {
  describe('publishDeals / waitForPublishDeals', () => {
    let nodes: Nodes
    beforeEach(async () => {
      nodes = await makeNodes({ chain })
      await fundAll(nodes.world)
    })

    it("sends one message from the miner's worker and finds the proposal's deal id", async () => {
      const { world, provider } = nodes
      const signed = await sign(world, proposal(world))
      const cid = await provider.publishDeals([signed])
      expect((await world.chain.chainGetMessage(cid)).from.toString()).toBe(
        world.chain.idOf(world.worker).toString(),
      )
      await world.chain.advance(2)
      expect(await provider.waitForPublishDeals(cid, signed.Proposal)).toEqual({ dealId: 1n, finalCid: cid })
    })

    it('maps each proposal of a batch with an invalid deal to its own id, and refuses the invalid one', async () => {
      const { world, provider } = nodes
      const deals = await Promise.all(
        [1, 2, 3].map((seed) =>
          sign(
            world,
            proposal(world, { PieceCID: pieceCid(seed), ...(seed === 2 ? { ClientCollateral: -1n } : {}) }),
          ),
        ),
      )
      const cid = await provider.publishDeals(deals)
      await world.chain.advance(2)
      const [first, invalid, third] = deals.map((deal) => deal.Proposal) as [
        DealProposal,
        DealProposal,
        DealProposal,
      ]
      expect((await provider.waitForPublishDeals(cid, first)).dealId).toBe(1n)
      expect((await provider.waitForPublishDeals(cid, third)).dealId).toBe(2n)
      const refused = provider.waitForPublishDeals(cid, invalid)
      await expect(refused).rejects.toBeInstanceOf(DealPublicationError)
      await expect(refused).rejects.toHaveProperty('reason', 'invalid-at-publication')
    })

    it('refuses a proposal the message does not carry', async () => {
      const { world, provider } = nodes
      const cid = await provider.publishDeals([await sign(world, proposal(world))])
      await world.chain.advance(2)
      const other = proposal(world, { PieceCID: pieceCid(9) })
      await expect(provider.waitForPublishDeals(cid, other)).rejects.toHaveProperty(
        'reason',
        'proposal-missing',
      )
    })

    it('reports a publish message that failed as a whole with its exit code', async () => {
      const { world, provider } = nodes
      const signed = await sign(world, proposal(world, { EndEpoch: 10 }))
      const cid = await provider.publishDeals([signed])
      await world.chain.advance(2)
      const failed = provider.waitForPublishDeals(cid, signed.Proposal)
      await expect(failed).rejects.toBeInstanceOf(MessageFailedError)
      await expect(failed).rejects.toHaveProperty('exitCode', 16)
    })

    it('rejects with ERR_NOT_ENOUGH_FUNDS when the worker cannot pay the message', async () => {
      const poor = await makeNodes({ chain, workerBalance: 0n, policy: { messageFee: 1000n } })
      const { world, provider } = poor
      const signed = await sign(world, proposal(world))
      await expect(provider.publishDeals([signed])).rejects.toHaveProperty('code', 'ERR_NOT_ENOUGH_FUNDS')
    })

    it('refuses deals for another miner', async () => {
      const { world, provider } = nodes
      const signed = await sign(world, proposal(world, { Provider: world.miner2 }))
      await expect(provider.publishDeals([signed])).rejects.toHaveProperty('code', 'ERR_ADAPTER')
    })
  })

  describe('validatePublishedDeal', () => {
    let nodes: Nodes
    beforeEach(async () => {
      nodes = await makeNodes({ chain })
      await fundAll(nodes.world)
    })

    async function published(seeds: readonly number[], invalid?: number) {
      const { world, provider } = nodes
      const deals = await Promise.all(
        seeds.map((seed) =>
          sign(
            world,
            proposal(world, { PieceCID: pieceCid(seed), ...(seed === invalid ? { EndEpoch: 10 } : {}) }),
          ),
        ),
      )
      const cid = await provider.publishDeals(deals)
      await world.chain.advance(2)
      return { deals, cid }
    }

    it("confirms the client's deal and returns its id through the ValidDeals mapping", async () => {
      const { deals, cid } = await published([1, 2, 3], 1)
      const signed = deals[2] as (typeof deals)[number]
      const id = await nodes.client.validatePublishedDeal(
        clientDeal(signed, await clientDealProposalCid(signed), cid),
      )
      expect(id).toBe(2n)
    })

    it('fails for a deal the market skipped', async () => {
      const { deals, cid } = await published([1, 2], 2)
      const signed = deals[1] as (typeof deals)[number]
      const check = nodes.client.validatePublishedDeal(
        clientDeal(signed, await clientDealProposalCid(signed), cid),
      )
      await expect(check).rejects.toHaveProperty('reason', 'invalid-at-publication')
    })

    it('fails without a publish message', async () => {
      const signed = await sign(nodes.world, proposal(nodes.world))
      const check = nodes.client.validatePublishedDeal(
        clientDeal(signed, await clientDealProposalCid(signed), null),
      )
      await expect(check).rejects.toHaveProperty('reason', 'no-publish-message')
    })

    it("fails for a message that does not carry the client's signed proposal", async () => {
      const { cid } = await published([1])
      const mine = await sign(nodes.world, proposal(nodes.world, { PieceCID: pieceCid(5) }))
      const check = nodes.client.validatePublishedDeal(
        clientDeal(mine, await clientDealProposalCid(mine), cid),
      )
      await expect(check).rejects.toHaveProperty('reason', 'proposal-missing')
    })

    it('fails for a message the provider did not send', async () => {
      const { world } = nodes
      const signed = await sign(world, proposal(world))
      const pushed = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.client2, [signed]))
      await world.chain.advance(2)
      const check = nodes.client.validatePublishedDeal(
        clientDeal(signed, await clientDealProposalCid(signed), pushed.cid),
      )
      await expect(check).rejects.toHaveProperty('reason', 'wrong-sender')
    })

    it('fails for a message of the provider that is not a PublishStorageDeals', async () => {
      const { world } = nodes
      const signed = await sign(world, proposal(world))
      const other = await world.chain.marketAddBalance(world.worker, world.miner, 1n * FIL)
      await world.chain.advance(2)
      const check = nodes.client.validatePublishedDeal(
        clientDeal(signed, await clientDealProposalCid(signed), other),
      )
      await expect(check).rejects.toHaveProperty('reason', 'not-publish-message')
    })
  })
})
