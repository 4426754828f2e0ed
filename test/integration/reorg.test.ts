/**
 * A reorg under a deal: the provider's publish message lands, the tipsets from its execution up are
 * reverted and re-applied with the message included again, and the deal goes on as if it landed
 * once: one deal on chain with the same id, the provider's and the client's states unchanged, one
 * hand-off, and every attoFIL accounted for.
 */
import { describe, expect, it } from 'vitest'
import { FIRST_DEAL_ID } from '../../src/adapters/sim-chain/genesis.ts'
import { MarketDealNotFoundError } from '../../src/errors.ts'
import { CHAINS, expectSettled, fullPayment, startMarket, TEXT_PAYLOAD } from './harness.ts'
import { ONLINE_CLIENT_STATES, ONLINE_PROVIDER_STATES } from './sequences.ts'

describe.each(CHAINS)('a publish message reverted and included again (%s chain)', (chain) => {
  it('is counted once: one deal id, the same states, one hand-off, settled books', async () => {
    const harness = await startMarket({ chain })
    const { market } = harness
    const data = await market.importData(TEXT_PAYLOAD)
    const proposalCid = await market.proposeDeal({ data })
    const id = proposalCid.toString()
    await market.runUntil((progress) =>
      progress.deals.some((deal) => deal.proposalCid === id && deal.provider === 'StorageDealPublishing'),
    )
    const publishCid = (await market.provider.getLocalDeal(proposalCid)).PublishCid
    if (publishCid === null) throw new Error('no publish message recorded')
    let landed = await market.chain.stateSearchMsg([], publishCid)
    while (landed === undefined) {
      await market.advance(1)
      landed = await market.chain.stateSearchMsg([], publishCid)
    }
    // Still short of the provider's confidence: the deal waits in Publishing.
    expect((await market.provider.getLocalDeal(proposalCid)).State).toBe('StorageDealPublishing')

    await market.chain.reorg(market.epoch - landed.height + 1)
    await market.settle()
    const again = await market.chain.stateSearchMsg([], publishCid)
    expect(again?.receipt.exitCode).toBe(0)
    expect(again?.tipSet).not.toEqual(landed.tipSet)
    await market.runUntil()

    expect(harness.clientStates(proposalCid)).toEqual(ONLINE_CLIENT_STATES)
    expect(harness.providerStates(proposalCid)).toEqual(ONLINE_PROVIDER_STATES)
    const providerDeal = await market.provider.getLocalDeal(proposalCid)
    expect(providerDeal.DealID).toBe(Number(FIRST_DEAL_ID))
    expect((await market.client.getLocalDeal(proposalCid)).DealID).toBe(providerDeal.DealID)
    // The re-executed message allocated no second deal.
    await expect(market.chain.stateMarketStorageDeal(FIRST_DEAL_ID + 1n, [])).rejects.toBeInstanceOf(
      MarketDealNotFoundError,
    )
    const handedOff = market.chain.sectorJobs().flatMap((job) => job.pieces)
    expect(handedOff.map((piece) => piece.dealId)).toEqual([FIRST_DEAL_ID])
    expect(market.clientNode.reservedFunds(market.addresses.client)).toBe(0n)
    expect(market.providerNode.reservedFunds(market.addresses.miner)).toBe(0n)
    const after = await market.summary()
    expectSettled(harness.before, after, fullPayment(after, proposalCid))
    await harness.close()
  })
})
