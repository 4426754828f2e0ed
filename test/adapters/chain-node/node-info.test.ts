import { describe, expect, it } from 'vitest'
import { encodeDealProposal, verifySignature } from '../../../src/market/index.ts'
import { proposal } from '../sim-chain/fixtures.ts'
import { CHAIN_KINDS } from './chains.ts'
import { makeNodes } from './fixtures.ts'

describe.each(CHAIN_KINDS)('on %s', (chain) => {
  describe('node chain reads and signing', () => {
    it("reads a provider's on-chain identity, and fails the whole list when one provider has no peer id", async () => {
      const { world, client } = await makeNodes({ chain })
      const head = await client.getChainHead()
      const info = await client.getMinerInfo(world.miner, head.token)
      expect(info).toEqual({
        address: world.miner,
        owner: world.chain.idOf(world.worker),
        worker: world.chain.idOf(world.worker),
        sectorSize: 2048n,
        peerId: '12D3KooWSim',
        addrs: ['/ip4/127.0.0.1/tcp/1'],
      })
      await expect(client.listStorageProviders(head.token)).rejects.toHaveProperty('code', 'ERR_ADAPTER')
    })

    it('signs a proposal with the key behind an ID address and verifies it at a head', async () => {
      const { world, client, provider } = await makeNodes({ chain })
      const p = proposal(world, { Client: world.chain.idOf(world.client) })
      const signed = await client.signProposal(p.Client, p)
      expect(verifySignature(signed.ClientSignature, world.client, encodeDealProposal(p))).toBe(true)
      const { token } = await provider.getChainHead()
      expect(
        await provider.verifySignature(signed.ClientSignature, p.Client, encodeDealProposal(p), token),
      ).toBe(true)
      expect(
        await provider.verifySignature(signed.ClientSignature, world.client2, encodeDealProposal(p), token),
      ).toBe(false)
    })

    it('signs bytes for the worker of the miner and finds the worker from the miner', async () => {
      const { world, provider } = await makeNodes({ chain })
      const { token } = await provider.getChainHead()
      const worker = await provider.getMinerWorkerAddress(world.miner, token)
      const signature = await provider.signBytes(worker, new Uint8Array([1, 2, 3]))
      expect(verifySignature(signature, world.worker, new Uint8Array([1, 2, 3]))).toBe(true)
    })

    it('gives the client 1.2 × and the provider 1 × to 2 × the chain minimum as collateral bounds', async () => {
      const { world, client, provider } = await makeNodes({ chain })
      const chainBounds = await world.chain.stateDealProviderCollateralBounds(2048, false, [])
      expect(chainBounds.min).toBeGreaterThan(0n)
      expect(await client.dealProviderCollateralBounds(2048, false)).toEqual({
        min: (chainBounds.min * 12n) / 10n,
        max: chainBounds.max,
      })
      expect(await provider.dealProviderCollateralBounds(2048, false)).toEqual({
        min: chainBounds.min,
        max: chainBounds.min * 2n,
      })
    })

    it('reads DataCap, the seal proof of the sector size and the default wallet address', async () => {
      const { world, client, provider } = await makeNodes({ chain, clientDataCap: 4096n })
      const { token } = await provider.getChainHead()
      expect(await provider.getDataCap(world.client, token)).toBe(4096n)
      expect(await provider.getDataCap(world.client2, token)).toBeUndefined()
      expect(await provider.getProofType(world.miner, undefined)).toBe(5)
      expect((await client.getDefaultWalletAddress()).toString()).toBe(world.client.toString())
    })
  })
})
