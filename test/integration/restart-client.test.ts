/**
 * TestRestartClient: the client process (and the provider's) stops at a given event; new ones on
 * the same datastores, provider first, take the deal to expiry without any failure.
 */
import { describe, expect, it } from 'vitest'
import type { EmbeddedMarketInit } from '../../src/embedded/index.ts'
import { CHAINS, expectSettled, fullPayment, startMarket } from './harness.ts'

const PAYLOAD = new Uint8Array(20_000).map((_, i) => (i * 7) & 0xff)

interface Case {
  /** The client event at which the client stops. */
  readonly stopAt: string
  /** The provider stops at this event, or with the client when unset. */
  readonly providerStopAt?: string
  /** The client's state once stopped. */
  readonly stoppedIn: string
  readonly init?: EmbeddedMarketInit
}

const CASES: readonly Case[] = [
  { stopAt: 'ClientEventDataTransferInitiated', stoppedIn: 'StorageDealTransferring' },
  {
    stopAt: 'ClientEventDataTransferComplete',
    providerStopAt: 'ProviderEventDataTransferCompleted',
    stoppedIn: 'StorageDealCheckForAcceptance',
  },
  {
    stopAt: 'ClientEventFundingComplete',
    stoppedIn: 'StorageDealFundsReserved',
    init: { escrow: { client: 0n } },
  },
  { stopAt: 'ClientEventInitiateDataTransfer', stoppedIn: 'StorageDealStartDataTransfer' },
  { stopAt: 'ClientEventDealAccepted', stoppedIn: 'StorageDealProposalAccepted' },
  { stopAt: 'ClientEventDealActivated', stoppedIn: 'StorageDealActive' },
  // The reference's client is in Sealing here because its node sees the pre-commit; the default
  // client node reports only activation (differences.md A3), so the deal waits in AwaitingPreCommit.
  { stopAt: 'ClientEventDealPublished', stoppedIn: 'StorageDealAwaitingPreCommit' },
]

describe.each(CHAINS)('TestRestartClient (%s chain)', (chain) => {
  for (const c of CASES) {
    it(`${c.stopAt}: stopped in ${c.stoppedIn}, restarted, both sides expire`, async () => {
      const harness = await startMarket({ chain, transfer: { pacing: { bytesPerTick: 1024 } }, ...c.init })
      const { market } = harness
      let clientStopped: Promise<void> | undefined
      let providerStopped: Promise<void> | undefined
      // Stopped from the notification itself, so nothing runs past the named event.
      market.client.subscribe((event) => {
        if (event.type !== c.stopAt) return
        clientStopped ??= market.stopClient()
        if (c.providerStopAt === undefined) providerStopped ??= market.stopProvider()
      })
      market.provider.subscribe((event) => {
        if (event.type === c.providerStopAt) providerStopped ??= market.stopProvider()
      })
      const data = await market.importData(PAYLOAD)
      const proposalCid = await market.proposeDeal({ data })
      await market.runUntil(() => clientStopped !== undefined && providerStopped !== undefined)
      await Promise.all([clientStopped, providerStopped])
      expect(harness.clientStates(proposalCid).at(-1)).toBe(c.stoppedIn)
      // The link drops with the processes.
      for (const channel of market.transfers.channels()) {
        if (channel.status === 'transferring') market.transfers.stall(channel.id)
      }

      await market.advance(1)
      await market.startProvider()
      await market.startClient()
      await market.runUntil()
      const clientStates = harness.clientStates(proposalCid)
      const providerStates = harness.providerStates(proposalCid)
      expect(clientStates.at(-1)).toBe('StorageDealExpired')
      expect(providerStates.at(-1)).toBe('StorageDealExpired')
      for (const failed of ['StorageDealFailing', 'StorageDealError']) {
        expect(clientStates).not.toContain(failed)
        expect(providerStates).not.toContain(failed)
      }
      const after = await market.summary()
      expectSettled(harness.before, after, fullPayment(after, proposalCid))
      await harness.close()
    })
  }
})
