/**
 * TestMakeDeal: an online deal with fast retrieval from proposal to expiry, through the embedded
 * client, provider and simulated chain.
 */
import { describe, expect, it } from 'vitest'
import { peerToRecord } from '../../src/adapters/record-ids.ts'
import type { MinerDeal } from '../../src/market/index.ts'
import { minerDealCodec } from '../../src/provider/index.ts'
import {
  duplicateBlocksPayload,
  expectSettled,
  fullPayment,
  LIFECYCLES,
  startMarket,
  TEXT_PAYLOAD,
} from './harness.ts'
import { MK12_ONLINE_CLIENT_STATES, ONLINE_CLIENT_STATES, ONLINE_PROVIDER_STATES } from './sequences.ts'

describe.each(LIFECYCLES)('TestMakeDeal ($chain chain, $family)', ({ chain, family }) => {
  for (const [name, payload] of [
    ['payload.txt', TEXT_PAYLOAD],
    ['duplicate_blocks.txt', duplicateBlocksPayload()],
  ] as const) {
    it(`${name}: both sides go through the reference states to Expired and the provider is paid`, async () => {
      const harness = await startMarket({ chain, protocolFamily: family })
      const { market } = harness
      let first: MinerDeal | undefined
      const unsubscribe = market.provider.subscribe((_event, deal) => {
        first ??= deal
      })
      const data = await market.importData(payload)
      const proposalCid = await market.proposeDeal({ data, fastRetrieval: true })
      await market.runUntil()
      unsubscribe()

      expect(harness.clientStates(proposalCid)).toEqual(
        family === 'mk/1.2' ? MK12_ONLINE_CLIENT_STATES : ONLINE_CLIENT_STATES,
      )
      expect(harness.providerStates(proposalCid)).toEqual(ONLINE_PROVIDER_STATES)
      // The reference round-trips the first notification through JSON; here through the record codec.
      if (first === undefined) throw new Error('the provider sent no notification')
      expect(minerDealCodec.decode(minerDealCodec.encode(first))).toEqual(first)

      const providerDeal = await market.provider.getLocalDeal(proposalCid)
      expect(providerDeal).toMatchObject({
        Client: peerToRecord('embedded-client'),
        Message: '',
        State: 'StorageDealExpired',
        FastRetrieval: true,
      })
      expect(providerDeal.ProposalCid.equals(proposalCid)).toBe(true)
      expect(providerDeal.Proposal.Provider.toString()).toBe(market.addresses.miner.toString())
      const clientDeal = await market.client.getLocalDeal(proposalCid)
      expect(clientDeal).toMatchObject({ State: 'StorageDealExpired', FastRetrieval: true })
      const status = await market.client.getProviderDealState(proposalCid)
      // Boost's status carries no FastRetrieval flag; its `Complete` without an error reads as expired.
      expect(status).toMatchObject({ State: 'StorageDealExpired', FastRetrieval: family === 'mk/1.1' })
      expect(clientDeal.DealUUID === undefined).toBe(family === 'mk/1.1')
      expect(providerDeal.DealUUID).toEqual(clientDeal.DealUUID)
      // The pull is over and the deal published: the client no longer serves the CAR.
      expect(market.pulls.served).toEqual([])

      // One hand-off (the reference's single OnDealComplete call), into one sector.
      const handedOff = market.chain.sectorJobs().flatMap((job) => job.pieces)
      expect(handedOff.map((piece) => piece.dealId)).toEqual([BigInt(providerDeal.DealID)])

      const after = await market.summary()
      expectSettled(harness.before, after, fullPayment(after, proposalCid))
      await harness.close()
    })
  }
})
