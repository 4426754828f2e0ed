/**
 * Hostile streams and status requests at the provider's door: streams that stall, close half-way,
 * carry oversized or truncated bytes, and status requests signed by someone else or replayed for
 * another deal. Each ends in a closed stream or the documented signed error state, and leaves
 * nothing in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dealStatusRequestSigningBytes } from '../../../src/market/index.ts'
import { StatusQueryText } from '../../../src/provider/queries.ts'
import { PROPOSAL_READ_TIMEOUT_MS } from '../../../src/provider/receive-deal.ts'
import { cidOf, type Door, openDoor, PROVIDER_PEER } from './door.ts'

let door: Door

beforeAll(async () => {
  door = await openDoor()
})
afterAll(async () => {
  await door.close()
})

const inFlight = (): number => door.market.network.provider(PROVIDER_PEER).inFlight
const dealCount = async (): Promise<number> => (await door.market.provider.listLocalDeals()).length

/** A fresh valid signed proposal, distinct from every other one. */
let serial = 0
async function signedProposal() {
  const proposal = await door.valid()
  return door.sign({ ...proposal, Label: `stream case ${++serial}` })
}

/** Moves the clock past the provider's read deadline. */
async function pastReadDeadline(): Promise<void> {
  await door.market.clock.advance(PROPOSAL_READ_TIMEOUT_MS + 1)
  await door.market.settle()
}

describe('streams that stall or close half-way', () => {
  it('a stream that never carries a proposal is closed at the read deadline', async () => {
    const before = await dealCount()
    const streams = await Promise.all(
      Array.from({ length: 200 }, () => door.peer.newDealStream(PROVIDER_PEER)),
    )
    const reads = streams.map((stream) =>
      stream.readDealResponse().then(
        () => 'answered',
        (e: { code?: string }) => e.code,
      ),
    )
    await door.market.settle()
    expect(inFlight()).toBe(200)
    await pastReadDeadline()
    expect(await Promise.all(reads)).toEqual(streams.map(() => 'ERR_STREAM_RESET'))
    expect(inFlight()).toBe(0)
    expect(await dealCount()).toBe(before)
    expect(door.errors.some((e) => e.message.includes('reading the deal proposal did not finish'))).toBe(true)
  })

  it('a proposal stalled in flight is given up at the read deadline', async () => {
    const undo = door.market.network.injectFault({ action: 'stall', protocol: 'deal', direction: 'request' })
    const stream = await door.peer.newDealStream(PROVIDER_PEER)
    await stream.writeDealProposal(door.message(await signedProposal()))
    const read = stream.readDealResponse().then(
      () => 'answered',
      (e: { code?: string }) => e.code,
    )
    await door.market.settle()
    await pastReadDeadline()
    expect(await read).toBe('ERR_STREAM_RESET')
    expect(inFlight()).toBe(0)
    undo()
  })

  it('a client closing before writing ends the stream at once, recording nothing', async () => {
    const before = await dealCount()
    const stream = await door.peer.newDealStream(PROVIDER_PEER)
    await stream.close()
    await door.market.settle()
    expect(inFlight()).toBe(0)
    expect(await dealCount()).toBe(before)
  })

  it('a client leaving after its proposal fails the deal when the answer cannot be written', async () => {
    const signed = await signedProposal()
    const stream = await door.peer.newDealStream(PROVIDER_PEER)
    await stream.writeDealProposal(door.message(signed))
    await stream.close()
    await door.market.settle()
    const deal = await door.market.provider.getLocalDeal(await cidOf(signed))
    expect(deal.State).toBe('StorageDealError')
    expect(deal.Message).toContain('could not send the deal response')
    expect(inFlight()).toBe(0)
    expect(door.market.providerNode.reservedFunds(door.market.addresses.miner)).toBe(0n)
  })
})

describe('oversized and truncated messages', () => {
  const cases: [string, (bytes: Uint8Array) => Uint8Array][] = [
    ['truncated by one byte', (bytes) => bytes.subarray(0, -1)],
    ['cut in half', (bytes) => bytes.subarray(0, bytes.length >> 1)],
    ['empty', () => new Uint8Array(0)],
    ['padded past the size limit', (bytes) => Uint8Array.from([...bytes, ...new Uint8Array(70_000)])],
    ['followed by trailing bytes', (bytes) => Uint8Array.from([...bytes, 0])],
  ]
  for (const [name, mutate] of cases) {
    it(`a proposal ${name} closes the stream without an answer and records nothing`, async () => {
      const before = await dealCount()
      door.market.network.injectFault({ action: 'corrupt', protocol: 'deal', direction: 'request', mutate })
      await expect(door.send(door.message(await signedProposal()))).rejects.toMatchObject({
        code: 'ERR_STREAM_RESET',
      })
      expect(inFlight()).toBe(0)
      expect(await dealCount()).toBe(before)
    })
  }

  it('a status request cut short gets no answer', async () => {
    door.market.network.injectFault({ action: 'corrupt', protocol: 'status', direction: 'request' })
    const signed = await signedProposal()
    const proposal = await cidOf(signed)
    const signature = await door.market.clientNode.signBytes(
      door.market.addresses.client,
      dealStatusRequestSigningBytes(proposal),
    )
    await expect(
      door.peer.queryDealStatus(PROVIDER_PEER, { Proposal: proposal, Signature: signature }),
    ).rejects.toMatchObject({ code: 'ERR_STREAM_RESET' })
    expect(inFlight()).toBe(0)
  })
})

describe('status requests signed by someone else', () => {
  it('answer an unknown proposal, a foreign signature and a replayed signature with a signed error state', async () => {
    const { market } = door
    const mine = await signedProposal()
    const other = await signedProposal()
    for (const signed of [mine, other]) {
      expect((await door.send(door.message(signed))).value.Response.State).toBe('StorageDealWaitingForData')
    }
    const [mineCid, otherCid] = [await cidOf(mine), await cidOf(other)]
    const sign = (address: typeof market.addresses.client, cid: typeof mineCid) =>
      market.clientNode.signBytes(address, dealStatusRequestSigningBytes(cid))
    const ask = async (cid: typeof mineCid, signature: Awaited<ReturnType<typeof sign>>) =>
      (await door.peer.queryDealStatus(PROVIDER_PEER, { Proposal: cid, Signature: signature })).value
        .DealState

    // The client's own request is answered with the deal's state.
    const genuine = await sign(market.addresses.client, mineCid)
    expect(await ask(mineCid, genuine)).toMatchObject({ State: 'StorageDealWaitingForData' })
    // Signed by another key (the provider's worker) for the client's deal.
    const foreign = await market.providerNode.signBytes(
      market.addresses.worker,
      dealStatusRequestSigningBytes(mineCid),
    )
    expect(await ask(mineCid, foreign)).toMatchObject({
      State: 'StorageDealError',
      Message: StatusQueryText.badSignature,
      Proposal: null,
    })
    // The client's genuine signature for one deal, replayed to ask about another.
    expect(await ask(otherCid, genuine)).toMatchObject({
      State: 'StorageDealError',
      Message: StatusQueryText.badSignature,
    })
    // A proposal the provider never saw.
    const unknown = await cidOf(await signedProposal())
    expect(await ask(unknown, await sign(market.addresses.client, unknown))).toMatchObject({
      State: 'StorageDealError',
      Message: StatusQueryText.unknownProposal,
    })
    expect(inFlight()).toBe(0)
  })
})
