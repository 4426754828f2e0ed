/**
 * The provider node's index of its publish messages: what a restarted provider finds of messages
 * sent before it started (searched once), and of the ones it sends itself (added as sent).
 */
import { describe, expect, it } from 'vitest'
import { publishStorageDealsMessage } from '../../../src/adapters/chain.ts'
import { PublishIndex } from '../../../src/adapters/chain-node/publish-index.ts'
import { fundAll, makeWorld, pieceCid, proposal, sign } from '../sim-chain/fixtures.ts'

describe('PublishIndex', () => {
  it('finds messages sent before its first lookup and those added since, pending or executed, and nothing else', async () => {
    const world = await makeWorld()
    await fundAll(world)
    const [a, b, c, d] = await Promise.all(
      [1, 2, 3, 4].map((seed) => sign(world, proposal(world, { PieceCID: pieceCid(seed) }))),
    )
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('four proposals')
    // Sent by an earlier process, before the index existed.
    const earlier = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [a, b]))
    const index = new PublishIndex()
    const find = (p: typeof a) => index.find(world.chain, world.worker, p)
    expect((await find(a))?.toString()).toBe(earlier.cid.toString())
    expect((await find(b))?.toString()).toBe(earlier.cid.toString())
    expect(await find(c)).toBeUndefined()
    // Another sender's index does not see the worker's messages.
    expect(await new PublishIndex().find(world.chain, world.client, a)).toBeUndefined()

    await world.chain.advance(1)
    expect((await find(a))?.toString()).toBe(earlier.cid.toString())

    // Sent by this node: added as sent. A message that failed published nothing.
    const sent = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [d]))
    index.add(sent.cid, [d])
    expect((await find(d))?.toString()).toBe(sent.cid.toString())
    await world.chain.advance(1)
    expect((await find(d))?.toString()).toBe(sent.cid.toString())
    world.chain.failNext('PublishStorageDeals', 16) // USR_ILLEGAL_ARGUMENT
    const failed = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [c]))
    index.add(failed.cid, [c])
    expect((await find(c))?.toString()).toBe(failed.cid.toString())
    await world.chain.advance(1)
    expect(await find(c)).toBeUndefined()
    await world.chain.close()
  })
})
