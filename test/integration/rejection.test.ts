/**
 * A provider whose deal filter refuses the deal: both sides end in Error, nothing stays reserved
 * or locked.
 */
import { describe, expect, it } from 'vitest'
import { expectSettled, LIFECYCLES, startMarket, TEXT_PAYLOAD } from './harness.ts'

describe.each(LIFECYCLES)('a deal the provider rejects ($chain chain, $family)', ({ chain, family }) => {
  it('fails on both sides with the filter reason and leaves no funds behind', async () => {
    const harness = await startMarket({
      chain,
      protocolFamily: family,
      dealFilter: () => ({ accept: false, reason: 'no deals on Sundays' }),
    })
    const { market } = harness
    const data = await market.importData(TEXT_PAYLOAD)
    const proposalCid = await market.proposeDeal({ data })
    await market.runUntil()

    expect(harness.clientStates(proposalCid)).toEqual([
      'StorageDealReserveClientFunds',
      'StorageDealFundsReserved',
      'StorageDealFailing',
      'StorageDealError',
    ])
    expect(harness.providerStates(proposalCid)).toEqual([
      'StorageDealValidating',
      'StorageDealAcceptWait',
      'StorageDealRejecting',
      'StorageDealFailing',
      'StorageDealError',
    ])
    expect((await market.client.getLocalDeal(proposalCid)).Message).toContain('no deals on Sundays')
    expect((await market.provider.getLocalDeal(proposalCid)).Message).toContain('no deals on Sundays')
    expect(market.clientNode.reservedFunds(market.addresses.client)).toBe(0n)
    expect(market.providerNode.reservedFunds(market.addresses.miner)).toBe(0n)
    expect(market.transfers.channels()).toEqual([])
    expectSettled(harness.before, await market.summary(), 0n)
    await harness.close()
  })
})
