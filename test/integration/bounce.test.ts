/**
 * TestBounceConnectionDataTransfer: the link drops twice during the push; the client's transfer
 * resumes it and the deal never notices.
 */
import { describe, expect, it } from 'vitest'
import { CHAINS, expectSettled, fullPayment, startMarket } from './harness.ts'
import { ONLINE_CLIENT_STATES, ONLINE_PROVIDER_STATES } from './sequences.ts'

describe.each(CHAINS)('TestBounceConnectionDataTransfer (%s chain)', (chain) => {
  it('stalls after 1 000 and 5 000 bytes are resumed and both sides expire', async () => {
    const harness = await startMarket({ chain, transfer: { pacing: { bytesPerTick: 1024 } } })
    const { market } = harness
    const data = await market.importData(new Uint8Array(12_000).map((_, i) => (i * 13) & 0xff))
    market.transfers.injectFault({ kind: 'stall', afterBytes: 1_000 }, { root: data.root })
    market.transfers.injectFault({ kind: 'stall', afterBytes: 5_000 }, { root: data.root })
    const stalls: bigint[] = []
    market.transfers.client('embedded-client').subscribe((event) => {
      if (event.type === 'stalled') stalls.push(event.transferred)
    })
    const proposalCid = await market.proposeDeal({ data })
    await market.runUntil()

    expect(stalls).toEqual([1_000n, 5_000n])
    expect(market.transfers.channels().map((channel) => channel.status)).toEqual(['completed'])
    expect(harness.clientStates(proposalCid)).toEqual(ONLINE_CLIENT_STATES)
    expect(harness.providerStates(proposalCid)).toEqual(ONLINE_PROVIDER_STATES)
    const after = await market.summary()
    expectSettled(harness.before, after, fullPayment(after, proposalCid))
    await harness.close()
  })
})
