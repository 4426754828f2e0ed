/**
 * What a restarted provider finds of its earlier publish messages (findPublishMessage on the
 * simulated chain), so it never publishes a deal twice.
 */
import { describe, expect, it } from 'vitest'
import { publishStorageDealsMessage } from '../../../src/adapters/chain.ts'
import { findPublishMessage } from '../../../src/adapters/chain-node/publish-search.ts'
import { fundAll, makeWorld, pieceCid, proposal, sign } from '../../adapters/sim-chain/fixtures.ts'

describe('findPublishMessage', () => {
  it('finds the message carrying a proposal while pending and once executed, and nothing else', async () => {
    const world = await makeWorld()
    await fundAll(world)
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map((seed) => sign(world, proposal(world, { PieceCID: pieceCid(seed) }))),
    )
    if (a === undefined || b === undefined || c === undefined) throw new Error('three proposals')
    const find = (p: typeof a) => findPublishMessage(world.chain, world.worker, p)
    expect(await find(a)).toBeUndefined()

    const sent = await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [a, b]))
    expect((await find(a))?.toString()).toBe(sent.cid.toString())
    expect((await find(b))?.toString()).toBe(sent.cid.toString())
    expect(await find(c)).toBeUndefined()
    // Sent by someone else: not this provider's message.
    expect(await findPublishMessage(world.chain, world.client, a)).toBeUndefined()

    await world.chain.advance(1)
    expect((await find(a))?.toString()).toBe(sent.cid.toString())

    // A message that failed published nothing.
    world.chain.failNext('PublishStorageDeals', 16) // USR_ILLEGAL_ARGUMENT
    await world.chain.mpoolPushMessage(publishStorageDealsMessage(world.worker, [c]))
    expect(await find(c)).toBeDefined()
    await world.chain.advance(1)
    expect(await find(c)).toBeUndefined()
    await world.chain.close()
  })
})
