/**
 * TestCancelDataTransfer: the push is cancelled while it moves; the deals fail cleanly.
 *
 * The in-memory hub has one cancel and delivers it to both ends, so unlike go-data-transfer a
 * cancel always reaches both sides, with or without connectivity. The client and provider variants
 * differ in who acts: the client cancels on its own Transferring notification, the provider on its
 * own; "no connectivity" drops the link (a stall) first.
 */
import { describe, expect, it } from 'vitest'
import { clientMessages } from '../../src/client/messages.ts'
import { EventText } from '../../src/provider/index.ts'
import { CHAINS, expectSettled, startMarket } from './harness.ts'

const TRANSFERRING_TO_ERROR = ['StorageDealTransferring', 'StorageDealFailing', 'StorageDealError']

function isSuffixOf(states: readonly string[], sequence: readonly string[]): boolean {
  return sequence.slice(sequence.length - states.length).every((state, i) => state === states[i])
}

describe.each(CHAINS)('TestCancelDataTransfer (%s chain)', (chain) => {
  for (const side of ['client', 'provider'] as const) {
    for (const connectivity of ['good', 'no'] as const) {
      it(`${side} cancel request ${connectivity} connectivity`, async () => {
        const harness = await startMarket({ chain, transfer: { pacing: { bytesPerTick: 256 } } })
        const { market } = harness
        const data = await market.importData(new Uint8Array(16_000).map((_, i) => i & 0xff))
        const proposalCid = await market.proposeDeal({ data })
        const id = proposalCid.toString()
        await market.runUntil((progress) =>
          progress.deals.some((deal) => deal.proposalCid === id && deal[side] === 'StorageDealTransferring'),
        )
        const channels = market.transfers.channels()
        expect(channels.map((channel) => channel.status)).toEqual(['transferring'])
        const [channel] = channels
        if (channel === undefined) throw new Error('no channel')
        if (connectivity === 'no') market.transfers.stall(channel.id)
        market.transfers.cancel(channel.id)
        await market.runUntil()

        const clientStates = harness.clientStates(proposalCid)
        const providerStates = harness.providerStates(proposalCid)
        expect(clientStates).toContain('StorageDealTransferring')
        expect(providerStates).toContain('StorageDealTransferring')
        const clientTail = clientStates.slice(clientStates.indexOf('StorageDealTransferring'))
        const providerTail = providerStates.slice(providerStates.indexOf('StorageDealTransferring'))
        expect(isSuffixOf(clientTail, TRANSFERRING_TO_ERROR)).toBe(true)
        expect(isSuffixOf(providerTail, TRANSFERRING_TO_ERROR)).toBe(true)
        expect(clientTail.at(-1)).toBe('StorageDealError')
        expect(providerTail.at(-1)).toBe('StorageDealError')
        expect((await market.client.getLocalDeal(proposalCid)).Message).toBe(
          clientMessages.dataTransferCancelled(),
        )
        expect((await market.provider.getLocalDeal(proposalCid)).Message).toBe(EventText.transferCancelled)
        expect(market.clientNode.reservedFunds(market.addresses.client)).toBe(0n)
        expectSettled(harness.before, await market.summary(), 0n)
        await harness.close()
      })
    }
  }
})
