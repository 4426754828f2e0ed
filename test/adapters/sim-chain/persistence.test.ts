import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { FIRST_DEAL_ID } from '../../../src/adapters/sim-chain/genesis.ts'
import { openSimChain } from '../../../src/adapters/sim-chain/sim-chain.ts'
import { FIL, fundAll, makeWorld, proposal, publish, sign } from './fixtures.ts'

describe('simulated chain persistence', () => {
  it('reopens from the same datastore at the same head with the same state, and carries on', async () => {
    const world = await makeWorld()
    await fundAll(world)
    const p = proposal(world)
    const published = await publish(world, [await sign(world, p)])
    await world.chain.sealer(world.miner).handOff({
      dealId: FIRST_DEAL_ID,
      proposal: (await world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).proposal,
      publishCid: published.message,
      pieceSize: 508,
      piece: { size: 508n, open: async function* () {} },
    })
    const pending = await world.chain.marketAddBalance(world.client2, world.client2, 1n * FIL)
    const head = world.chain.head
    const deal = await world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])
    const balances = await Promise.all(
      [world.client, world.miner].map((a) => world.chain.stateMarketBalance(a, [])),
    )
    const jobs = world.chain.sectorJobs()
    await world.chain.close()
    await expect(world.chain.chainHead()).rejects.toHaveProperty('code', 'ERR_CHAIN_CLOSED')

    const reopened = await openSimChain({ clock: world.clock, datastore: world.datastore }, world.init)
    expect(reopened.head).toEqual(head)
    expect(reopened.totalSupply).toBe(world.chain.totalSupply)
    expect(await reopened.stateMarketStorageDeal(FIRST_DEAL_ID, [])).toEqual(deal)
    expect(
      await Promise.all([world.client, world.miner].map((a) => reopened.stateMarketBalance(a, []))),
    ).toEqual(balances)
    expect(reopened.sectorJobs()).toEqual(jobs)
    expect((await reopened.stateWaitMsg(published.message, 0)).returnDec).toEqual(published.returnDec)

    await reopened.advance(1)
    expect((await reopened.stateWaitMsg(pending, 0)).receipt.exitCode).toBe(0)
    for (let i = 0; i < 10; i++) await reopened.advance(1)
    expect((await reopened.stateMarketStorageDeal(FIRST_DEAL_ID, [])).state.sectorStartEpoch).toBeGreaterThan(
      0,
    )
    await reopened.close()
  })

  it('writes a genesis snapshot into an empty datastore and reads it back', async () => {
    const world = await makeWorld()
    const datastore = new MemoryDatastore()
    const fresh = await openSimChain({ datastore }, world.init)
    expect(await datastore.has(new Key('/sim-chain/snapshot'))).toBe(true)
    const again = await openSimChain({ datastore }, world.init)
    expect(again.head).toEqual(fresh.head)
    expect(await again.walletBalance(world.client)).toBe(1000n * FIL)
  })
})
