import { describe, expect, it } from 'vitest'
import {
  ActorNotFoundError,
  LotusMethodError,
  MarketDealNotFoundError,
  TipSetNotFoundError,
} from '../../../src/errors.ts'
import { idAddress } from '../../../src/market/index.ts'
import { activate, FIL, fundAll, pieceCid, proposal, publish, sign } from '../sim-chain/fixtures.ts'
import { lotusWorld } from './fixtures.ts'

describe('LotusChain state reads against the devnet', () => {
  it('chainHead reads the head the simulated chain reports', async () => {
    const { world, lotus } = await lotusWorld()
    await world.chain.advance(3)
    expect(await lotus.chainHead()).toEqual(await world.chain.chainHead())
  })

  it('stateMarketBalance reads escrow and locked funds at the head and at an earlier tipset', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    const before = await world.chain.chainHead()
    await publish(world, [await sign(world, proposal(world))])
    for (const address of [world.client, world.miner]) {
      expect(await lotus.stateMarketBalance(address, [])).toEqual(
        await world.chain.stateMarketBalance(address, []),
      )
    }
    expect(await lotus.stateMarketBalance(world.client, before.key)).toEqual({
      escrow: 100n * FIL,
      locked: 0n,
    })
  })

  it('stateMarketStorageDeal reads a published deal, then its activation', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    await publish(world, [await sign(world, proposal(world))])
    const published = await lotus.stateMarketStorageDeal(1n, [])
    expect(published).toEqual(await world.chain.stateMarketStorageDeal(1n, []))
    expect(published.state).toEqual({
      sectorNumber: 0n,
      sectorStartEpoch: -1,
      lastUpdatedEpoch: -1,
      slashEpoch: -1,
    })
    await activate(world, 1n)
    const active = await lotus.stateMarketStorageDeal(1n, [])
    expect(active).toEqual(await world.chain.stateMarketStorageDeal(1n, []))
    expect(active.state.sectorStartEpoch).toBeGreaterThan(0)
    expect(active.state.sectorNumber).toBe(1n)
  })

  it('stateMarketStorageDeal rejects an unknown deal with ERR_MARKET_DEAL_NOT_FOUND caused by the Lotus error', async () => {
    const { lotus } = await lotusWorld()
    const read = lotus.stateMarketStorageDeal(42n, [])
    await expect(read).rejects.toBeInstanceOf(MarketDealNotFoundError)
    await expect(read).rejects.toHaveProperty('dealId', 42n)
    const error = await read.catch((e: unknown) => e)
    expect((error as Error).cause).toBeInstanceOf(LotusMethodError)
    expect((error as Error).cause).toHaveProperty('rpcCode', 1)
  })

  it('stateMinerInfo and stateListMiners read identity, worker and multiaddrs', async () => {
    const { world, lotus } = await lotusWorld()
    expect(await lotus.stateListMiners([])).toEqual(await world.chain.stateListMiners([]))
    expect(await lotus.stateMinerInfo(world.miner, [])).toEqual(
      await world.chain.stateMinerInfo(world.miner, []),
    )
    const bare = await lotus.stateMinerInfo(world.miner2, [])
    expect(bare.peerId).toBeUndefined()
    expect(bare.multiaddrs).toEqual([])
  })

  it('stateDealProviderCollateralBounds reads the bounds with their 10 % margin', async () => {
    const { world, lotus } = await lotusWorld()
    for (const size of [512, 2048]) {
      expect(await lotus.stateDealProviderCollateralBounds(size, false, [])).toEqual(
        await world.chain.stateDealProviderCollateralBounds(size, false, []),
      )
    }
  })

  it('stateSectorPreCommitInfo is undefined until the sector is pre-committed, then lists its deals', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    await publish(world, [
      await sign(world, proposal(world)),
      await sign(world, proposal(world, { PieceCID: pieceCid(2) })),
    ])
    expect(await lotus.stateSectorPreCommitInfo(world.miner, 1n, [])).toBeUndefined()
    const deal = await world.chain.stateMarketStorageDeal(1n, [])
    const piece = {
      dealId: 1n,
      proposal: deal.proposal,
      publishCid: undefined,
      pieceSize: 508,
      piece: { size: 0n, open: async function* () {} },
    }
    await world.chain.sealer(world.miner).handOff(piece)
    while (world.chain.sectorJobs()[0]?.stage !== 'waiting-to-prove') await world.chain.advance(1)
    const info = await lotus.stateSectorPreCommitInfo(world.miner, 1n, [])
    expect(info).toEqual(await world.chain.stateSectorPreCommitInfo(world.miner, 1n, []))
    expect(info?.dealIds).toEqual([1n])
  })

  it('stateLookupId and stateAccountKey resolve key and ID addresses; an unknown one is ERR_ACTOR_NOT_FOUND', async () => {
    const { world, lotus } = await lotusWorld()
    const id = await lotus.stateLookupId(world.client, [])
    expect(id).toEqual(world.chain.idOf(world.client))
    expect(await lotus.stateAccountKey(id, [])).toEqual(world.client)
    const unknown = lotus.stateLookupId(idAddress(9999), [])
    await expect(unknown).rejects.toBeInstanceOf(ActorNotFoundError)
    const error = await unknown.catch((e: unknown) => e)
    expect((error as Error).cause).toHaveProperty('rpcCode', 11)
    await expect(lotus.stateAccountKey(world.miner, [])).rejects.toBeInstanceOf(ActorNotFoundError)
  })

  it('stateVerifiedClientStatus reads DataCap, undefined for an unverified client', async () => {
    const { world, lotus } = await lotusWorld({ clientDataCap: 1n << 40n })
    expect(await lotus.stateVerifiedClientStatus(world.client, [])).toBe(1n << 40n)
    expect(await lotus.stateVerifiedClientStatus(world.client2, [])).toBeUndefined()
  })

  it('walletBalance reads an account balance', async () => {
    const { world, lotus } = await lotusWorld()
    expect(await lotus.walletBalance(world.client)).toBe(1000n * FIL)
    expect(await lotus.walletBalance(idAddress(9999))).toBe(0n)
  })

  it('a read at a tipset the chain no longer has fails with ERR_TIPSET_NOT_FOUND', async () => {
    const { world, lotus } = await lotusWorld()
    await world.chain.advance(2)
    const reverted = (await world.chain.chainHead()).key
    await world.chain.reorg(1)
    await expect(lotus.stateMarketBalance(world.client, reverted)).rejects.toBeInstanceOf(TipSetNotFoundError)
  })

  it('chainGetPath lists the reverts and applies between two tipsets across a reorg', async () => {
    const { world, lotus } = await lotusWorld()
    await world.chain.advance(3)
    const old = await world.chain.chainHead()
    await world.chain.reorg(2)
    const head = await world.chain.chainHead()
    const path = await lotus.chainGetPath(old.key, head.key)
    expect(path.map((change) => [change.type, change.tipSet.height])).toEqual([
      ['revert', 3],
      ['revert', 2],
      ['apply', 2],
      ['apply', 3],
    ])
    expect(path.at(-1)?.tipSet).toEqual(head)
    expect(await lotus.chainGetPath(head.key, head.key)).toEqual([])
    expect(await lotus.chainGetTipSet(old.key)).toEqual(old)
    expect(await lotus.chainGetTipSet([])).toEqual(head)
  })
})
