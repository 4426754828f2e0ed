import { describe, expect, it } from 'vitest'
import { FIL, makeWorld } from './fixtures.ts'

describe('the simulated chain clock', () => {
  it('run() applies one epoch per period of the injected clock until pause()', async () => {
    const world = await makeWorld()
    world.chain.run(30_000)
    expect(world.chain.running).toBe(true)
    await world.clock.advance(3 * 30_000)
    expect(world.chain.head.height).toBe(3)
    world.chain.pause()
    await world.clock.advance(5 * 30_000)
    expect(world.chain.head.height).toBe(3)
    expect(world.chain.running).toBe(false)
  })

  it('advance() gives each head its own tipset, one epoch duration apart', async () => {
    const world = await makeWorld()
    const genesis = world.chain.head
    await world.chain.advance(2)
    expect(world.chain.head.height).toBe(2)
    expect(world.chain.head.timestamp - genesis.timestamp).toBe(60)
    expect(world.chain.head.parents).toHaveLength(1)
  })

  it('stateWaitMsg resolves only once the chain is `confidence` epochs past the execution', async () => {
    const world = await makeWorld()
    const cid = await world.chain.marketAddBalance(world.client, world.client, 1n * FIL)
    let resolved = false
    const waiting = world.chain.stateWaitMsg(cid, 3).then((lookup) => {
      resolved = true
      return lookup
    })
    await world.chain.advance(3)
    expect(resolved).toBe(false)
    await world.chain.advance(1)
    expect((await waiting).height).toBe(1)
    expect(resolved).toBe(true)
  })

  it('stateWaitMsg rejects an unknown CID and stops waiting when aborted', async () => {
    const world = await makeWorld()
    const other = await makeWorld()
    const foreign = await other.chain.marketAddBalance(other.client, other.client, 1n)
    await expect(world.chain.stateWaitMsg(foreign, 0)).rejects.toHaveProperty('code', 'ERR_MESSAGE_NOT_FOUND')
    const cid = await world.chain.marketAddBalance(world.client, world.client, 1n)
    const controller = new AbortController()
    const waiting = world.chain.stateWaitMsg(cid, 10, { signal: controller.signal })
    controller.abort()
    await expect(waiting).rejects.toHaveProperty('code', 'ERR_ABORTED')
  })

  it('closing ends head subscriptions', async () => {
    const world = await makeWorld()
    const batches: number[] = []
    const done = (async () => {
      for await (const batch of world.chain.chainNotify()) batches.push(batch.length)
    })()
    await world.chain.advance(1)
    expect(world.chain.headSubscriptions).toBe(1)
    await world.chain.close()
    await done
    expect(batches).toEqual([1, 1])
    expect(world.chain.headSubscriptions).toBe(0)
  })
})
