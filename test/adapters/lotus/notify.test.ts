import { describe, expect, it } from 'vitest'
import type { HeadChange } from '../../../src/adapters/chain.ts'
import { ChainClosedError, LotusMethodError } from '../../../src/errors.ts'
import { lotusWorld, nextValue } from './fixtures.ts'

const heights = (batch: readonly HeadChange[]) => batch.map((change) => [change.type, change.tipSet.height])

describe('LotusChain.chainNotify over the devnet WebSocket', () => {
  it('starts with the current head, then delivers one apply per new tipset', async () => {
    const { world, lotus } = await lotusWorld()
    await world.chain.advance(2)
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    expect(await nextValue(changes)).toEqual([{ type: 'current', tipSet: await world.chain.chainHead() }])
    await world.chain.advance(1)
    const [apply] = await nextValue(changes)
    expect(apply).toEqual({ type: 'apply', tipSet: await world.chain.chainHead() })
    await changes.return?.()
  })

  it('delivers a reorg of the simulated chain as one batch: reverts from the old head down, then applies', async () => {
    const { world, lotus } = await lotusWorld()
    await world.chain.advance(4)
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    await nextValue(changes)
    const reverted = await world.chain.chainHead()
    await world.chain.reorg(2)
    const batch = await nextValue(changes)
    expect(heights(batch)).toEqual([
      ['revert', 4],
      ['revert', 3],
      ['apply', 3],
      ['apply', 4],
    ])
    expect(batch[0]?.tipSet).toEqual(reverted)
    expect(batch.at(-1)?.tipSet).toEqual(await world.chain.chainHead())
    await changes.return?.()
  })

  it('subscribes again after the node drops the socket, filling the gap without repeating an apply', async () => {
    const { world, devnet, lotus } = await lotusWorld()
    const controller = new AbortController()
    const seen: (string | number)[][] = []
    const reading = (async () => {
      for await (const batch of lotus.chainNotify({ signal: controller.signal })) seen.push(...heights(batch))
    })()
    await lotus.idle()
    await world.chain.advance(2)
    await lotus.idle()
    devnet.dropConnections()
    await world.chain.advance(2)
    await lotus.idle()
    await world.chain.advance(1)
    await lotus.idle()
    expect(seen).toEqual([
      ['current', 0],
      ['apply', 1],
      ['apply', 2],
      ['apply', 3],
      ['apply', 4],
      ['apply', 5],
    ])
    expect(devnet.headSubscriptions).toBe(1)
    controller.abort()
    await reading
  })

  it('after a drop across a reorg, the new channel is turned into the reverts and applies missed', async () => {
    const { world, devnet, lotus } = await lotusWorld()
    await world.chain.advance(3)
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    await nextValue(changes)
    devnet.dropConnections()
    await world.chain.reorg(2)
    expect(heights(await nextValue(changes))).toEqual([
      ['revert', 3],
      ['revert', 2],
      ['apply', 2],
      ['apply', 3],
    ])
    await changes.return?.()
  })

  it('ends when its signal aborts, and the node closes the channel', async () => {
    const { world, devnet, lotus } = await lotusWorld()
    const controller = new AbortController()
    const changes = lotus.chainNotify({ signal: controller.signal })[Symbol.asyncIterator]()
    await nextValue(changes)
    expect(devnet.headSubscriptions).toBe(1)
    controller.abort()
    expect(await changes.next()).toEqual({ done: true, value: undefined })
    await lotus.idle()
    expect(devnet.headSubscriptions).toBe(0)
    await world.chain.advance(1)
    expect(await changes.next()).toEqual({ done: true, value: undefined })
  })

  it('fails with the node error when the chain behind the node closes and cannot be subscribed again', async () => {
    const { world, lotus } = await lotusWorld()
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    await nextValue(changes)
    await world.chain.close()
    await expect(changes.next()).rejects.toBeInstanceOf(LotusMethodError)
  })

  it('ends quietly when the adapter itself closes, and later calls fail with ERR_CHAIN_CLOSED', async () => {
    const { lotus } = await lotusWorld()
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    await nextValue(changes)
    lotus.close()
    expect(await changes.next()).toEqual({ done: true, value: undefined })
    await expect(lotus.chainHead()).rejects.toBeInstanceOf(ChainClosedError)
  })

  it('serves several subscriptions, each with its own channel', async () => {
    const { world, devnet, lotus, connect } = await lotusWorld()
    const other = connect()
    const first = lotus.chainNotify()[Symbol.asyncIterator]()
    const second = other.chainNotify()[Symbol.asyncIterator]()
    await Promise.all([nextValue(first), nextValue(second)])
    expect(devnet.headSubscriptions).toBe(2)
    await world.chain.advance(1)
    expect(heights(await nextValue(first))).toEqual([['apply', 1]])
    expect(heights(await nextValue(second))).toEqual([['apply', 1]])
    await Promise.all([first.return?.(), second.return?.()])
  })
})
