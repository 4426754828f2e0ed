/**
 * Bad proposals at the provider's door, sent over the in-process network by a hostile client end:
 * one proposal per validation rule of the reference (provider-fsm.md §5.1, plus the deal-start
 * buffer), bad signatures, proposals for another provider and the same proposal twice. Each gets
 * the signed rejection naming its rule, the provider records the deal as failed, and nothing stays
 * open or reserved.
 */
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTO_PER_FIL, type DealProposal } from '../../../src/market/index.ts'
import { ValidationText as V } from '../../../src/provider/messages.ts'
import { cidOf, type Door, openDoor, PROVIDER_PEER } from './door.ts'

let door: Door

beforeAll(async () => {
  door = await openDoor()
})
afterAll(async () => {
  await door.close()
})

/** Sends `proposal` signed by the client; checks the rejection and the provider's record. */
async function expectRejected(proposal: DealProposal, reason: string): Promise<void> {
  const signed = await door.sign(proposal)
  const answer = await door.send(door.message(signed))
  const proposalCid = await cidOf(signed)
  expect(answer.value.Response.State).toBe('StorageDealFailing')
  expect(answer.value.Response.Message).toContain(reason)
  expect(answer.value.Response.Proposal.equals(proposalCid)).toBe(true)
  // The rejection is signed by the provider's worker.
  const head = await door.market.clientNode.getChainHead()
  const worker = door.market.addresses.worker
  const signature = answer.value.Signature
  if (signature === null) throw new Error('the rejection is not signed')
  expect(
    await door.market.clientNode.verifySignature(signature, worker, answer.signedBytes, head.token),
  ).toBe(true)
  const deal = await door.market.provider.getLocalDeal(proposalCid)
  expect(deal.State).toBe('StorageDealError')
  expect(deal.Message).toContain(reason)
  expect(door.market.network.provider(PROVIDER_PEER).inFlight).toBe(0)
  expect(door.market.providerNode.reservedFunds(door.market.addresses.miner)).toBe(0n)
}

/** A valid proposal with `change` applied. */
async function valid(change: (p: DealProposal) => Partial<DealProposal>): Promise<DealProposal> {
  const base = await door.valid()
  return { ...base, ...change(base) }
}

describe('a proposal breaking one validation rule is rejected with that rule', () => {
  it('accepts the unchanged proposal (the baseline of every case below)', async () => {
    const signed = await door.sign(await door.valid())
    const answer = await door.send(door.message(signed))
    expect(answer.value.Response.State).toBe('StorageDealWaitingForData')
    expect(answer.value.Response.Message).toBe('')
  })

  const rules: [string, (p: DealProposal) => Partial<DealProposal>, string][] = [
    ['3: names another provider', (p) => ({ Provider: p.Client }), V.wrongProvider],
    ['4: label longer than 256 bytes', () => ({ Label: 'x'.repeat(257) }), V.labelTooLong],
    ['5: piece size below 128 bytes', () => ({ PieceSize: 64 }), V.pieceSize],
    ['5: piece size not a power of two', (p) => ({ PieceSize: p.PieceSize + 128 }), V.pieceSize],
    ['8: end epoch not after the start', (p) => ({ EndEpoch: p.StartEpoch }), V.endBeforeStart],
    ['9: start epoch already passed', () => ({ StartEpoch: 0, EndEpoch: 100 }), V.startPassed],
    ['10: duration below the minimum', (p) => ({ EndEpoch: p.StartEpoch + 5 }), V.duration],
    ['10: duration above the maximum', (p) => ({ EndEpoch: p.StartEpoch + 5_000_001 }), V.duration],
    [
      '11: end epoch beyond the longest sector extension',
      (p) => ({ StartEpoch: p.StartEpoch + 1_555_200, EndEpoch: p.StartEpoch + 1_555_300 }),
      V.endTooFar,
    ],
    [
      'buffer: start epoch inside the deal-start buffer',
      (p) => ({ StartEpoch: p.StartEpoch - 95 }),
      V.startTooSoon,
    ],
    [
      '13: provider collateral below the minimum',
      (p) => ({ ProviderCollateral: p.ProviderCollateral - 1n }),
      V.collateralLow,
    ],
    [
      '14: provider collateral above the maximum',
      () => ({ ProviderCollateral: 10n ** 30n }),
      V.collateralHigh,
    ],
    ['15: price below the ask', () => ({ StoragePricePerEpoch: 0n }), V.priceLow],
    ['19: client escrow too small', () => ({ StoragePricePerEpoch: 10n * ATTO_PER_FIL }), V.clientFunds],
    ['20: verified deal from a client without DataCap', () => ({ VerifiedDeal: true }), V.noDataCap],
  ]
  for (const [name, change, reason] of rules) {
    it(name, async () => {
      await expectRejected(await valid(change), reason)
    })
  }

  it('7: piece CID that is not a piece commitment', async () => {
    const other = CID.createV1(0x71, await sha256.digest(new Uint8Array([1, 2, 3])))
    await expectRejected(await valid(() => ({ PieceCID: other })), V.pieceCidPrefix)
  })

  it('16 and 17: piece smaller or larger than the ask allows', async () => {
    const { market } = door
    const ask = market.provider.getAsk()?.Ask
    if (ask === undefined || ask === null) throw new Error('the provider has no ask')
    const proposal = await door.valid()
    await market.provider.setAsk(ask.Price, ask.VerifiedPrice, 100_000, {
      minPieceSize: proposal.PieceSize * 2,
      maxPieceSize: proposal.PieceSize * 4,
    })
    await expectRejected({ ...proposal, Label: 'small' }, V.pieceTooSmall)
    await market.provider.setAsk(ask.Price, ask.VerifiedPrice, 100_000, {
      minPieceSize: 128,
      maxPieceSize: proposal.PieceSize / 2,
    })
    await expectRejected({ ...proposal, Label: 'large' }, V.pieceTooLarge)
    await market.provider.setAsk(ask.Price, ask.VerifiedPrice, 100_000, {
      minPieceSize: ask.MinPieceSize,
      maxPieceSize: ask.MaxPieceSize,
    })
  })
})

describe('signatures and identities', () => {
  it('2: a proposal altered after signing fails the signature check', async () => {
    const signed = await door.sign(await door.valid())
    const altered = { ...signed, Proposal: { ...signed.Proposal, Label: 'altered after signing' } }
    const answer = await door.send(door.message(altered))
    expect(answer.value.Response.State).toBe('StorageDealFailing')
    expect(answer.value.Response.Message).toContain(V.signatureInvalid)
  })

  it('2: a signature whose bytes were flipped fails the signature check', async () => {
    const signed = await door.sign(await door.valid())
    const data = Uint8Array.from(signed.ClientSignature.Data)
    data[0] = (data[0] ?? 0) ^ 0xff
    const answer = await door.send(
      door.message({ ...signed, ClientSignature: { ...signed.ClientSignature, Data: data } }),
    )
    expect(answer.value.Response.State).toBe('StorageDealFailing')
    expect(answer.value.Response.Message).toContain(V.signature)
  })

  it('2: a proposal signed by someone other than its client fails the signature check', async () => {
    const proposal = await door.valid()
    // The worker signs a proposal naming the client.
    const worker = door.market.addresses.worker
    const bytes = (await door.sign(proposal)).ClientSignature
    const forged = await door.market.providerNode.signBytes(worker, new Uint8Array([1, 2, 3]))
    expect(forged.Type).toBe(bytes.Type)
    const answer = await door.send(door.message({ Proposal: proposal, ClientSignature: forged }))
    expect(answer.value.Response.State).toBe('StorageDealFailing')
    expect(answer.value.Response.Message).toContain(V.signatureInvalid)
  })

  it('a message without a signed proposal or without a data reference closes the stream, recording nothing', async () => {
    const before = (await door.market.provider.listLocalDeals()).length
    await expect(door.send(door.message(null))).rejects.toMatchObject({ code: 'ERR_STREAM_RESET' })
    const signed = await door.sign(await valid(() => ({ Label: 'no data reference' })))
    await expect(door.send({ ...door.message(signed), Piece: null })).rejects.toMatchObject({
      code: 'ERR_STREAM_RESET',
    })
    expect((await door.market.provider.listLocalDeals()).length).toBe(before)
    expect(door.market.network.provider(PROVIDER_PEER).inFlight).toBe(0)
  })
})

describe('the same proposal twice', () => {
  it('answers the second copy with the state of the first and records one deal', async () => {
    const signed = await door.sign(await valid(() => ({ Label: 'twice' })))
    const first = await door.send(door.message(signed))
    expect(first.value.Response.State).toBe('StorageDealWaitingForData')
    const count = (await door.market.provider.listLocalDeals()).length
    const second = await door.send(door.message(signed))
    expect(second.value.Response.Proposal.equals(first.value.Response.Proposal)).toBe(true)
    expect(second.value.Response.State).toBe('StorageDealWaitingForData')
    expect((await door.market.provider.listLocalDeals()).length).toBe(count)
  })

  it('answers a rejected proposal sent again with its failure, recording nothing new', async () => {
    const signed = await door.sign(await valid(() => ({ StoragePricePerEpoch: 0n, Label: 'cheap twice' })))
    await door.send(door.message(signed))
    const count = (await door.market.provider.listLocalDeals()).length
    const again = await door.send(door.message(signed))
    expect(again.value.Response.State).toBe('StorageDealError')
    expect(again.value.Response.Message).toContain(V.priceLow)
    expect((await door.market.provider.listLocalDeals()).length).toBe(count)
  })
})
