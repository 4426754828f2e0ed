import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { beforeEach, describe, expect, it } from 'vitest'
import { ExitCode } from '../../../src/adapters/chain.ts'
import { decodeBitfield } from '../../../src/adapters/sim-chain/bitfield.ts'
import {
  type DealProposal,
  encodeDealProposal,
  idAddress,
  MemoryWallet,
  signDealProposal,
} from '../../../src/market/index.ts'
import { FIL, fundAll, makeWorld, pieceCid, proposal, publish, sign, type World } from './fixtures.ts'

/** Publishes [a valid deal, the deal under test] and returns the input indexes the market kept. */
async function keptIndexes(
  world: World,
  bad: DealProposal,
  signer?: MemoryWallet,
): Promise<readonly number[]> {
  const good = await sign(world, proposal(world, { PieceCID: pieceCid(100) }))
  const signed = signer === undefined ? await sign(world, bad) : await signDealProposal(signer, bad)
  const lookup = await publish(world, [good, signed])
  expect(lookup.receipt.exitCode).toBe(ExitCode.Ok)
  return lookup.returnDec?.validDeals ?? []
}

describe('PublishStorageDeals', () => {
  let world: World
  beforeEach(async () => {
    world = await makeWorld()
    await fundAll(world)
  })

  describe('skips a deal that fails a per-deal check', () => {
    it('client signature invalid', async () => {
      const other = new MemoryWallet()
      const key = other.generateKey('secp256k1')
      const p = proposal(world)
      const forged = { Proposal: p, ClientSignature: await other.sign(key, encodeDealProposal(p)) }
      const good = await sign(world, proposal(world, { PieceCID: pieceCid(100) }))
      const lookup = await publish(world, [good, forged])
      expect(lookup.returnDec?.validDeals).toEqual([0])
    })

    const cases: [string, (w: World) => Partial<DealProposal>][] = [
      ['label longer than 256 bytes', () => ({ Label: 'x'.repeat(257) })],
      ['piece size not a power of two', () => ({ PieceSize: 500 })],
      ['piece size below 128 bytes', () => ({ PieceSize: 64 })],
      [
        'piece CID not an unsealed commitment',
        () => ({ PieceCID: CID.createV1(0x55, Digest.create(0x12, new Uint8Array(32))) }),
      ],
      ['end epoch not after start epoch', () => ({ EndEpoch: 20 })],
      [
        'start epoch already elapsed',
        (w) => ({ StartEpoch: w.chain.head.height, EndEpoch: w.chain.head.height + 40 }),
      ],
      ['duration below the minimum', () => ({ EndEpoch: 25 })],
      ['duration above the maximum', () => ({ EndEpoch: 20 + 100_001 })],
      ['negative price', () => ({ StoragePricePerEpoch: -1n })],
      ['price above 2e9 FIL', () => ({ StoragePricePerEpoch: 2_000_000_001n * FIL })],
      ['provider collateral below the minimum', () => ({ ProviderCollateral: 0n })],
      ['provider collateral above 2e9 FIL', () => ({ ProviderCollateral: 2_000_000_001n * FIL })],
      ['negative client collateral', () => ({ ClientCollateral: -1n })],
      ['client collateral above 2e9 FIL', () => ({ ClientCollateral: 2_000_000_001n * FIL })],
      ['another provider than the first deal', (w) => ({ Provider: w.miner2 })],
      ['client escrow too small', () => ({ ClientCollateral: 101n * FIL })],
      ['provider escrow too small', () => ({ ProviderCollateral: 101n * FIL })],
      ['verified deal without DataCap', () => ({ VerifiedDeal: true })],
    ]
    it.each(cases)('%s', async (_name, overrides) => {
      const bad = proposal(world, { PieceCID: pieceCid(7), ...overrides(world) })
      expect(await keptIndexes(world, bad)).toEqual([0])
    })

    it('client without an account on chain', async () => {
      const stranger = new MemoryWallet()
      const address = stranger.generateKey('secp256k1')
      expect(await keptIndexes(world, proposal(world, { Client: address }), stranger)).toEqual([0])
    })

    it('duplicate of a proposal earlier in the message', async () => {
      const deal = await sign(world, proposal(world))
      const lookup = await publish(world, [deal, deal])
      expect(lookup.returnDec?.validDeals).toEqual([0])
    })

    it('duplicate of a proposal already pending on chain', async () => {
      const deal = await sign(world, proposal(world))
      expect((await publish(world, [deal])).returnDec?.validDeals).toEqual([0])
      const good = await sign(world, proposal(world, { PieceCID: pieceCid(100) }))
      expect((await publish(world, [good, deal])).returnDec?.validDeals).toEqual([0])
    })

    it('client escrow covering only the first of two deals in the message', async () => {
      const half = 60n * FIL
      const first = await sign(world, proposal(world, { ClientCollateral: half }))
      const second = await sign(world, proposal(world, { ClientCollateral: half, PieceCID: pieceCid(2) }))
      expect((await publish(world, [first, second])).returnDec?.validDeals).toEqual([0])
    })
  })

  describe('fails the whole message', () => {
    it('with no deals (exit 16)', async () => {
      expect((await publish(world, [])).receipt.exitCode).toBe(ExitCode.IllegalArgument)
    })

    it('when the first provider is unknown (exit 17)', async () => {
      const deal = await sign(world, proposal(world, { Provider: idAddress(9999) }))
      expect((await publish(world, [deal])).receipt.exitCode).toBe(ExitCode.NotFound)
    })

    it('when the first provider is not a miner (exit 16)', async () => {
      const deal = await sign(world, proposal(world, { Provider: world.chain.idOf(world.client2) }))
      expect((await publish(world, [deal])).receipt.exitCode).toBe(ExitCode.IllegalArgument)
    })

    it('when the caller is not the provider, its worker or a control address (exit 18)', async () => {
      const deal = await sign(world, proposal(world))
      expect((await publish(world, [deal], world.client2)).receipt.exitCode).toBe(ExitCode.Forbidden)
    })

    it('when every deal is invalid (exit 16), locking nothing', async () => {
      const deal = await sign(world, proposal(world, { EndEpoch: 10 }))
      const lookup = await publish(world, [deal])
      expect(lookup.receipt.exitCode).toBe(ExitCode.IllegalArgument)
      expect(lookup.returnDec).toBeUndefined()
      expect((await world.chain.stateMarketBalance(world.client, [])).locked).toBe(0n)
    })

    it('when a verified piece is below the minimum allocation size (exit 20)', async () => {
      const verified = await makeWorld({ clientDataCap: 1n << 20n, policy: { minAllocationSize: 1024 } })
      await fundAll(verified)
      const deal = await sign(verified, proposal(verified, { VerifiedDeal: true, PieceSize: 512 }))
      expect((await publish(verified, [deal])).receipt.exitCode).toBe(ExitCode.IllegalState)
      expect(await verified.chain.stateVerifiedClientStatus(verified.client, [])).toBe(1n << 20n)
    })
  })

  it('maps a mixed batch through ValidDeals: ids only for the kept deals, in input order', async () => {
    const deals = await Promise.all(
      [1, 2, 3, 4].map((seed) =>
        sign(world, proposal(world, { PieceCID: pieceCid(seed), ...(seed === 2 ? { EndEpoch: 10 } : {}) })),
      ),
    )
    const lookup = await publish(world, deals)
    expect(lookup.receipt.exitCode).toBe(ExitCode.Ok)
    expect(lookup.returnDec).toEqual({ ids: [1n, 2n, 3n], validDeals: [0, 2, 3] })
    const [ids, bitfield] = dagCbor.decode(lookup.receipt.returnValue) as [bigint[] | number[], Uint8Array]
    expect(ids.map(Number)).toEqual([1, 2, 3])
    expect([...bitfield]).toEqual([0x5c, 0x01])
    expect(decodeBitfield(bitfield)).toEqual([0, 2, 3])
    const stored = await world.chain.stateMarketStorageDeal(2n, [])
    expect(stored.proposal.PieceCID.equals(pieceCid(3))).toBe(true)
    expect(stored.proposal.Client.toString()).toBe(world.chain.idOf(world.client).toString())
    expect(stored.state).toEqual({
      sectorNumber: 0n,
      sectorStartEpoch: -1,
      lastUpdatedEpoch: -1,
      slashEpoch: -1,
    })
  })

  it('locks the client fee and collateral and the provider collateral of each kept deal', async () => {
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    const fee = p.StoragePricePerEpoch * BigInt(p.EndEpoch - p.StartEpoch)
    expect((await world.chain.stateMarketBalance(world.client, [])).locked).toBe(fee + p.ClientCollateral)
    expect((await world.chain.stateMarketBalance(world.miner, [])).locked).toBe(p.ProviderCollateral)
  })

  it('accepts a verified deal within DataCap and spends the DataCap', async () => {
    const verified = await makeWorld({ clientDataCap: 2048n })
    await fundAll(verified)
    const deal = await sign(verified, proposal(verified, { VerifiedDeal: true }))
    expect((await publish(verified, [deal])).returnDec?.validDeals).toEqual([0])
    expect(await verified.chain.stateVerifiedClientStatus(verified.client, [])).toBe(2048n - 512n)
  })
})
