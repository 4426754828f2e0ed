/**
 * A market process that comes back after its deal ended (it was down, or killed between the
 * chain's epoch and the records): the end watch reports the expiry when it knows the deal's end.
 */
import { describe, expect, it } from 'vitest'
import { createClientNode } from '../../../src/adapters/chain-node/index.ts'
import { FIRST_DEAL_ID } from '../../../src/adapters/sim-chain/genesis.ts'
import { activate, fundAll, makeWorld, proposal, publish, sign } from '../../adapters/sim-chain/fixtures.ts'

describe('onDealExpiredOrSlashed on a deal already gone from chain', () => {
  it('reports the expiry when the head is past the end it is given, and fails the watch without it', async () => {
    const world = await makeWorld()
    await fundAll(world)
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    await activate(world, FIRST_DEAL_ID)
    await world.chain.advance(p.EndEpoch - world.chain.head.height + 1)
    await expect(world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).rejects.toHaveProperty(
      'code',
      'ERR_MARKET_DEAL_NOT_FOUND',
    )
    const node = createClientNode({ chain: world.chain, wallet: world.wallet })
    const watch = (endEpoch?: number) =>
      new Promise<string>((resolve) => {
        node
          .onDealExpiredOrSlashed(
            FIRST_DEAL_ID,
            (error) => resolve(error === undefined ? 'expired' : `failed: ${error.message}`),
            (result) => resolve(result instanceof Error ? `failed: ${result.message}` : 'slashed'),
            endEpoch === undefined ? {} : { endEpoch },
          )
          .catch((error: Error) => resolve(`failed: ${error.message}`))
      })
    expect(await watch(p.EndEpoch)).toBe('expired')
    expect(await watch()).toMatch(/^failed: .*not found on chain/)
    // Gone before its end is not an expiry.
    expect(await watch(world.chain.head.height + 5)).toMatch(/^failed: /)
    node.stop()
    await world.chain.close()
  })
})
