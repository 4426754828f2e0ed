import { describe, expect, it } from 'vitest'
import { type HeadChange, tipSetKeyEquals } from '../../../src/adapters/chain.ts'
import { FIL, makeWorld } from './fixtures.ts'

/** Collects ChainNotify batches until aborted. */
function collect(
  world: Awaited<ReturnType<typeof makeWorld>>,
  signal: AbortSignal,
): (readonly HeadChange[])[] {
  const batches: (readonly HeadChange[])[] = []
  void (async () => {
    for await (const batch of world.chain.chainNotify({ signal })) batches.push(batch)
  })()
  return batches
}

describe('fault injection', () => {
  it('makes the next message of a kind fail with the exit code given, changing nothing but the nonce', async () => {
    const world = await makeWorld()
    world.chain.failNext('MarketAddBalance', 19)
    const failing = await world.chain.marketAddBalance(world.client, world.client, 5n * FIL)
    await world.chain.advance(1)
    const lookup = await world.chain.stateWaitMsg(failing, 0)
    expect(lookup.receipt).toEqual({ exitCode: 19, returnValue: new Uint8Array(0), gasUsed: 0n })
    expect(lookup.returnDec).toBeUndefined()
    expect(await world.chain.walletBalance(world.client)).toBe(1000n * FIL)
    expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(0n)
    const next = await world.chain.marketAddBalance(world.client, world.client, 5n * FIL)
    await world.chain.advance(1)
    expect((await world.chain.stateWaitMsg(next, 0)).receipt.exitCode).toBe(0)
    expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(5n * FIL)
  })

  it('a reorg announces the reverts then the applies in one batch, and the state is rebuilt from the fork point', async () => {
    const world = await makeWorld()
    const controller = new AbortController()
    const batches = collect(world, controller.signal)
    await world.chain.advance(3)
    const old = [world.chain.head]
    const added = await world.chain.marketAddBalance(world.client, world.client, 7n * FIL)
    await world.chain.advance(2)
    old.push(world.chain.head)
    const before = await world.chain.stateWaitMsg(added, 0)
    expect(before.height).toBe(4)
    const oldFour = before.tipSet

    await world.chain.reorg(2)

    const last = batches.at(-1) ?? []
    expect(last.map((change) => `${change.type}@${change.tipSet.height}`)).toEqual([
      'revert@5',
      'revert@4',
      'apply@4',
      'apply@5',
    ])
    expect(tipSetKeyEquals(last[0]?.tipSet.key ?? [], old[1]?.key ?? [])).toBe(true)
    expect(tipSetKeyEquals(last[3]?.tipSet.key ?? [], old[1]?.key ?? [])).toBe(false)
    expect(world.chain.head.height).toBe(5)
    const after = await world.chain.stateWaitMsg(added, 0)
    expect(after.height).toBe(4)
    expect(tipSetKeyEquals(after.tipSet, oldFour)).toBe(false)
    expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(7n * FIL)
    expect(await world.chain.walletBalance(world.client)).toBe(993n * FIL)
    await expect(world.chain.stateMarketBalance(world.client, oldFour)).rejects.toHaveProperty(
      'code',
      'ERR_TIPSET_NOT_FOUND',
    )
    controller.abort()
  })

  it('a reorg puts a message back in the pool when it reverts the tipset that executed it', async () => {
    const world = await makeWorld()
    await world.chain.advance(1)
    const added = await world.chain.marketAddBalance(world.client, world.client, 2n * FIL)
    await world.chain.advance(1)
    const first = await world.chain.stateWaitMsg(added, 0)
    await world.chain.reorg(1)
    const again = await world.chain.stateWaitMsg(added, 0)
    expect(again.height).toBe(first.height)
    expect(again.receipt.exitCode).toBe(0)
    expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(2n * FIL)
  })

  it('a reorg deeper than the history kept is refused', async () => {
    const world = await makeWorld({ policy: { historyLength: 3 } })
    await world.chain.advance(5)
    await expect(world.chain.reorg(4)).rejects.toHaveProperty('code', 'ERR_TIPSET_NOT_FOUND')
    expect(world.chain.head.height).toBe(5)
  })
})
