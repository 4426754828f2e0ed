/**
 * TestMakeDealOffline: a deal with a manual DataRef whose payload the provider's operator imports.
 */
import { describe, expect, it } from 'vitest'
import { pieceCommitmentOf } from '../../src/adapters/piece/index.ts'
import {
  duplicateBlocksPayload,
  expectSettled,
  fullPayment,
  LIFECYCLES,
  startMarket,
  TEXT_PAYLOAD,
} from './harness.ts'

describe.each(LIFECYCLES)('TestMakeDealOffline ($chain chain, $family)', ({ chain, family }) => {
  for (const [name, payload] of [
    ['payload.txt', TEXT_PAYLOAD],
    ['duplicate_blocks.txt', duplicateBlocksPayload()],
  ] as const) {
    it(`${name}: the client waits for acceptance, the provider for the import, then both expire`, async () => {
      const harness = await startMarket({ chain, protocolFamily: family })
      const { market } = harness
      const data = await market.importData(payload)
      // The client computes the piece commitment itself, as the reference test does.
      const car = market.transfers.client('embedded-client').payload(data.root)
      if (car === undefined) throw new Error('the payload is not served')
      const local = await pieceCommitmentOf(car)
      expect(local.pieceCid.equals(data.pieceCid)).toBe(true)
      expect(local.pieceSize).toBe(data.pieceSize)

      const proposalCid = await market.proposeDeal({ data, manual: true })
      expect((await market.client.getLocalDeal(proposalCid)).State).toBe('StorageDealCheckForAcceptance')
      expect((await market.provider.getLocalDeal(proposalCid)).State).toBe('StorageDealWaitingForData')
      expect(market.transfers.channels()).toEqual([])

      await market.importOfflineData(proposalCid)
      await market.runUntil()
      expect(harness.clientStates(proposalCid)).toEqual([
        'StorageDealReserveClientFunds',
        'StorageDealFundsReserved',
        'StorageDealStartDataTransfer',
        'StorageDealCheckForAcceptance',
        'StorageDealProposalAccepted',
        'StorageDealAwaitingPreCommit',
        'StorageDealActive',
        'StorageDealExpired',
      ])
      expect(harness.providerStates(proposalCid)).toEqual([
        'StorageDealValidating',
        'StorageDealAcceptWait',
        // The import checks the piece itself: VerifiedData goes from WaitingForData to funding.
        'StorageDealWaitingForData',
        'StorageDealReserveProviderFunds',
        'StorageDealPublish',
        'StorageDealPublishing',
        'StorageDealStaged',
        'StorageDealAwaitingPreCommit',
        'StorageDealSealing',
        'StorageDealFinalizing',
        'StorageDealActive',
        'StorageDealExpired',
      ])
      const after = await market.summary()
      expectSettled(harness.before, after, fullPayment(after, proposalCid))
      await harness.close()
    })
  }
})
