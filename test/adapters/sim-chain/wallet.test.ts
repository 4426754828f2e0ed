import { describe, expect, it } from 'vitest'
import { openSimChain } from '../../../src/adapters/sim-chain/sim-chain.ts'
import { makeWorld } from './fixtures.ts'

describe('the simulated node wallet', () => {
  it('signs for an ID address with the key behind it, and verifies against the key address', async () => {
    const world = await makeWorld()
    const bytes = new Uint8Array([9, 8, 7])
    const signature = await world.chain.walletSign(world.chain.idOf(world.client), bytes)
    expect(await world.chain.walletVerify(world.client, bytes, signature)).toBe(true)
    expect(await world.chain.walletVerify(world.client2, bytes, signature)).toBe(false)
    expect(await world.chain.walletVerify(world.client, new Uint8Array([1]), signature)).toBe(false)
  })

  it('without a wallet, signing fails with ERR_KEY_NOT_FOUND', async () => {
    const world = await makeWorld()
    const bare = await openSimChain({}, world.init)
    await expect(bare.walletSign(world.client, new Uint8Array([1]))).rejects.toHaveProperty(
      'code',
      'ERR_KEY_NOT_FOUND',
    )
  })
})
