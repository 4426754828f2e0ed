import { describe, expect, it } from 'vitest'
import { FIL } from '../sim-chain/fixtures.ts'
import { CHAIN_KINDS } from './chains.ts'
import { makeNodes } from './fixtures.ts'

describe.each(CHAIN_KINDS)('on %s', (chain) => {
  describe('reserveFunds / releaseFunds', () => {
    it('reserves without a message when the available escrow covers everything reserved', async () => {
      const { world, client } = await makeNodes({ chain })
      await world.chain.marketAddBalance(world.client, world.client, 10n * FIL)
      await world.chain.advance(1)
      expect(await client.reserveFunds(world.client, world.client, 4n * FIL)).toBeUndefined()
      expect(await client.reserveFunds(world.client, world.client, 6n * FIL)).toBeUndefined()
      expect(client.reservedFunds(world.client)).toBe(10n * FIL)
    })

    it('tops the escrow up with one AddBalance for the shortfall, from the wallet given', async () => {
      const { world, client } = await makeNodes({ chain })
      await world.chain.marketAddBalance(world.client, world.client, 1n * FIL)
      await world.chain.advance(1)
      const cid = await client.reserveFunds(world.client, world.client, 3n * FIL)
      expect(cid).toBeDefined()
      await world.chain.advance(2)
      const receipt = await client.waitForMessage(cid as NonNullable<typeof cid>)
      expect(receipt.exitCode).toBe(0)
      expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(3n * FIL)
      expect(await world.chain.walletBalance(world.client)).toBe(997n * FIL)
    })

    it('counts a top-up still in flight, so reservations in the same epoch do not pay the same shortfall twice', async () => {
      const { world, client } = await makeNodes({ chain })
      const first = await client.reserveFunds(world.client, world.client, 5n * FIL)
      const second = await client.reserveFunds(world.client, world.client, 3n * FIL)
      expect(first).toBeDefined()
      expect(second).toBeDefined()
      await world.chain.advance(1)
      expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(8n * FIL)
      expect(await client.reserveFunds(world.client, world.client, 0n)).toBeUndefined()
    })

    it('concurrent reservations for one address are processed one at a time', async () => {
      const { world, client } = await makeNodes({ chain })
      const cids = await Promise.all(
        [1n, 2n, 3n].map((n) => client.reserveFunds(world.client, world.client, n * FIL)),
      )
      await world.chain.advance(1)
      expect(cids.every((cid) => cid !== undefined)).toBe(true)
      expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(6n * FIL)
    })

    it('releaseFunds undoes a reservation, so the escrow it held serves the next one without a message', async () => {
      const { world, client } = await makeNodes({ chain })
      await client.reserveFunds(world.client, world.client, 5n * FIL)
      await world.chain.advance(1)
      await client.releaseFunds(world.client, 5n * FIL)
      expect(client.reservedFunds(world.client)).toBe(0n)
      expect(await client.reserveFunds(world.client, world.client, 5n * FIL)).toBeUndefined()
      await client.releaseFunds(world.client, 50n * FIL)
      expect(client.reservedFunds(world.client)).toBe(0n)
    })

    it("the provider reserves in the miner's escrow and pays the top-up from the worker", async () => {
      const { world, provider } = await makeNodes({ chain })
      const cid = await provider.reserveFunds(world.worker, world.miner, 2n * FIL)
      expect(cid).toBeDefined()
      await world.chain.advance(1)
      expect((await world.chain.stateMarketBalance(world.miner, [])).escrow).toBe(2n * FIL)
      expect(await world.chain.walletBalance(world.worker)).toBe(998n * FIL)
    })
  })

  describe('addFunds / getBalance / waitForMessage', () => {
    it("addFunds for the miner is paid by its worker; getBalance reads escrow at the head's token", async () => {
      const { world, provider } = await makeNodes({ chain })
      await provider.addFunds(world.miner, 3n * FIL)
      await world.chain.advance(1)
      const head = await provider.getChainHead()
      expect(head.epoch).toBe(1)
      expect(await provider.getBalance(world.miner, head.token)).toEqual({ locked: 0n, available: 3n * FIL })
      expect(await world.chain.walletBalance(world.worker)).toBe(997n * FIL)
    })

    it('waitForMessage resolves after the message confidence with exit code, return value and final CID', async () => {
      const { world, client } = await makeNodes({ chain })
      const cid = await client.addFunds(world.client, 1n * FIL)
      let receipt: Awaited<ReturnType<typeof client.waitForMessage>> | undefined
      void client.waitForMessage(cid).then((r) => {
        receipt = r
      })
      await world.chain.advance(1)
      expect(receipt).toBeUndefined()
      await world.chain.advance(1)
      expect(receipt?.exitCode).toBe(0)
      expect(receipt?.finalCid.equals(cid)).toBe(true)
      expect(receipt?.returnValue).toEqual(new Uint8Array(0))
    })

    it('waitForMessage reports a failed message by its exit code', async () => {
      const { world, client } = await makeNodes({ chain })
      world.chain.failNext('MarketAddBalance', 19)
      const cid = await client.addFunds(world.client, 1n * FIL)
      await world.chain.advance(2)
      expect((await client.waitForMessage(cid)).exitCode).toBe(19)
    })
  })
})
