/**
 * TestRestartProviderAtPublishStage and TestRestartOnlyProviderDataTransfer: the provider process
 * goes away in the middle of a deal and a new one, on the same datastore and staging, finishes it.
 */
import { describe, expect, it } from 'vitest'
import { CHAINS, expectSettled, fullPayment, startMarket } from './harness.ts'
import { ONLINE_CLIENT_STATES, ONLINE_PROVIDER_STATES } from './sequences.ts'

const PAYLOAD = new Uint8Array(20_000).map((_, i) => (i * 31) & 0xff)

describe.each(CHAINS)('TestRestartProviderAtPublishStage (%s chain)', (chain) => {
  it('a new provider publishes the deal again and both sides expire', async () => {
    const harness = await startMarket({ chain })
    const { market } = harness
    let stopping: Promise<void> | undefined
    const unsubscribe = market.provider.subscribe((_event, deal) => {
      // Stopped from the notification, before PublishDeal can send anything.
      if (deal.State === 'StorageDealPublish') stopping ??= market.stopProvider()
    })
    const data = await market.importData(PAYLOAD)
    const proposalCid = await market.proposeDeal({ data })
    unsubscribe()
    await stopping
    expect((await market.chain.stateMarketBalance(market.addresses.miner, [])).locked).toBe(0n)
    await market.advance(3)
    await market.startProvider()
    await market.runUntil()

    expect(harness.clientStates(proposalCid)).toEqual(ONLINE_CLIENT_STATES)
    expect(harness.providerStates(proposalCid)).toEqual(ONLINE_PROVIDER_STATES)
    const after = await market.summary()
    expect(after.deals[0]?.dealId).toBe(1)
    expectSettled(harness.before, after, fullPayment(after, proposalCid))
    await harness.close()
  })
})

describe.each(CHAINS)('TestRestartOnlyProviderDataTransfer (%s chain)', (chain) => {
  it('the provider stops mid-transfer; a new one waits for the restart and the deal completes', async () => {
    // 1 KiB per second of clock time: the push spans an epoch, so it can be cut.
    const harness = await startMarket({ chain, transfer: { pacing: { bytesPerTick: 1024 } } })
    const { market } = harness
    const data = await market.importData(PAYLOAD)
    const proposalCid = await market.proposeDeal({ data })
    const id = proposalCid.toString()
    await market.runUntil((progress) =>
      progress.deals.some((deal) => deal.proposalCid === id && deal.provider === 'StorageDealTransferring'),
    )
    const [channel] = market.transfers.channels()
    if (channel === undefined) throw new Error('no channel')
    expect(channel.status).toBe('transferring')
    expect(['StorageDealStartDataTransfer', 'StorageDealTransferring']).toContain(
      (await market.client.getLocalDeal(proposalCid)).State,
    )
    // The link drops and the provider process goes away.
    market.transfers.stall(channel.id)
    await market.stopProvider()
    await market.advance(1)
    await market.startProvider()
    await market.runUntil()

    expect(harness.clientStates(proposalCid)).toEqual(ONLINE_CLIENT_STATES)
    expect(harness.providerStates(proposalCid)).toEqual([
      ...ONLINE_PROVIDER_STATES.slice(0, 4),
      'StorageDealProviderTransferAwaitRestart',
      ...ONLINE_PROVIDER_STATES.slice(3),
    ])
    const after = await market.summary()
    expectSettled(harness.before, after, fullPayment(after, proposalCid))
    await harness.close()
  })
})
