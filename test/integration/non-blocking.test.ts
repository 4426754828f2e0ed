/**
 * TestMakeDealNonBlocking: both sides must send a funding message; the client does not wait for
 * the provider's.
 */
import { describe, expect, it } from 'vitest'
import { CHAINS, expectSettled, fullPayment, startMarket, TEXT_PAYLOAD } from './harness.ts'

describe.each(CHAINS)('TestMakeDealNonBlocking (%s chain)', (chain) => {
  it('the client reaches CheckForAcceptance while the provider waits for its funding message', async () => {
    const harness = await startMarket({ chain, escrow: { client: 0n, provider: 0n } })
    const { market } = harness
    const data = await market.importData(TEXT_PAYLOAD)
    const proposalCid = await market.proposeDeal({ data })
    const id = proposalCid.toString()
    await market.runUntil((progress) =>
      progress.deals.some(
        (deal) => deal.proposalCid === id && deal.client === 'StorageDealCheckForAcceptance',
      ),
    )
    expect((await market.provider.getLocalDeal(proposalCid)).State).toBe('StorageDealProviderFunding')

    await market.runUntil()
    expect(harness.clientStates(proposalCid).slice(0, 4)).toEqual([
      'StorageDealReserveClientFunds',
      'StorageDealClientFunding',
      'StorageDealFundsReserved',
      'StorageDealStartDataTransfer',
    ])
    expect(harness.providerStates(proposalCid)).toContain('StorageDealProviderFunding')
    expect(harness.clientStates(proposalCid).at(-1)).toBe('StorageDealExpired')
    expect(harness.providerStates(proposalCid).at(-1)).toBe('StorageDealExpired')
    const after = await market.summary()
    expectSettled(harness.before, after, fullPayment(after, proposalCid))
    await harness.close()
  })
})
