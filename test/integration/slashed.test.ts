/**
 * A deal whose sector is terminated while it is active: both sides end Slashed, the provider's
 * collateral is burnt and the client is refunded what the provider did not earn.
 */
import { describe, expect, it } from 'vitest'
import { CHAINS, expectSettled, startMarket, TEXT_PAYLOAD } from './harness.ts'

describe.each(CHAINS)('a slashed deal (%s chain)', (chain) => {
  it('ends Slashed on both sides and the books balance', async () => {
    const harness = await startMarket({ chain })
    const { market } = harness
    const data = await market.importData(TEXT_PAYLOAD)
    const proposalCid = await market.proposeDeal({ data })
    const id = proposalCid.toString()
    await market.runUntil((progress) =>
      progress.deals.some(
        (deal) =>
          deal.proposalCid === id &&
          deal.client === 'StorageDealActive' &&
          deal.provider === 'StorageDealActive',
      ),
    )
    const providerDeal = await market.provider.getLocalDeal(proposalCid)
    // Let some payments accrue before the fault: the deal pays from its start epoch.
    await market.advance(providerDeal.Proposal.StartEpoch + 5 - market.epoch)
    expect(providerDeal.SectorNumber).toBeGreaterThan(0)
    await market.chain.terminateSector(market.addresses.miner, BigInt(providerDeal.SectorNumber))
    await market.runUntil()

    expect(harness.clientStates(proposalCid).slice(-2)).toEqual(['StorageDealActive', 'StorageDealSlashed'])
    expect(harness.providerStates(proposalCid).slice(-2)).toEqual(['StorageDealActive', 'StorageDealSlashed'])
    const clientDeal = await market.client.getLocalDeal(proposalCid)
    const slashed = await market.provider.getLocalDeal(proposalCid)
    expect(clientDeal.SlashEpoch).toBeGreaterThan(clientDeal.Proposal.StartEpoch)
    expect(slashed.SlashEpoch).toBe(clientDeal.SlashEpoch)

    const after = await market.summary()
    const collateral = slashed.Proposal.ProviderCollateral
    const clientBefore = harness.before.accounts.find((a) => a.role === 'client')
    const clientAfter = after.accounts.find((a) => a.role === 'client')
    if (clientBefore === undefined || clientAfter === undefined) throw new Error('no client account')
    const paid = clientBefore.balance + clientBefore.escrow - clientAfter.balance - clientAfter.escrow
    // Paid for the epochs the deal was active, no more.
    const price = slashed.Proposal.StoragePricePerEpoch
    expect(paid % price).toBe(0n)
    expect(paid / price).toBeLessThan(BigInt(slashed.Proposal.EndEpoch - slashed.Proposal.StartEpoch))
    expect(paid).toBeGreaterThan(0n)
    expectSettled(harness.before, after, paid, collateral)
    await harness.close()
  })
})
