import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src/adapters/clock.ts'
import { startDevnet } from '../../../src/adapters/devnet/index.ts'
import { createLotusChain } from '../../../src/adapters/lotus/index.ts'
import { backoffDelay } from '../../../src/adapters/lotus/rpc/backoff.ts'
import { makeWorld } from '../sim-chain/fixtures.ts'
import { nextValue } from './fixtures.ts'
import { hang, misbehavingNode } from './misbehaving-node.ts'

/** Polls (every 2 ms of real time) until `condition` holds; the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2))
}

describe('WebSocket reconnection', () => {
  it('backoffDelay is 0 for the first attempt, then doubles up to the maximum', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1_000 }
    expect([0, 1, 2, 3, 4, 5, 60].map((attempt) => backoffDelay(attempt, options))).toEqual([
      0, 100, 200, 400, 800, 1_000, 1_000,
    ])
    expect(backoffDelay(1)).toBe(250)
  })

  it('retries a refused socket at once, then after growing delays on the injected clock', async () => {
    const node = await misbehavingNode(hang, 503)
    const clock = new VirtualClock()
    const reconnect = { initialDelayMs: 1_000, maxDelayMs: 4_000 }
    const lotus = createLotusChain({ url: node.url, reconnect, timeoutMs: 60_000 }, { clock })
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    const pending = changes.next()
    await until(() => node.upgrades() === 2)
    for (const delay of [1_000, 2_000, 4_000, 4_000]) {
      await until(() => clock.nextDue() === clock.now() + delay)
      const before = node.upgrades()
      await clock.advance(delay - 1)
      expect(node.upgrades()).toBe(before)
      await clock.advance(1)
      await until(() => node.upgrades() === before + 1)
    }
    await changes.return?.()
    expect(await pending).toEqual({ done: true, value: undefined })
    lotus.close()
  })

  it('comes back after the node restarts, and reports the head it finds there', async () => {
    const world = await makeWorld()
    const first = await startDevnet({ chain: world.chain })
    const port = Number(new URL(first.url).port)
    const clock = new VirtualClock()
    const lotus = createLotusChain({ url: first.url, token: first.token }, { clock })
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    expect((await nextValue(changes))[0]?.type).toBe('current')
    await first.close()
    await world.chain.advance(3)
    const second = await startDevnet({ chain: world.chain, listen: { port }, token: first.token })
    const next = changes.next()
    // Reconnecting waits on the virtual clock once the first immediate attempt has failed.
    while (second.headSubscriptions === 0) await clock.advance(1_000)
    const batch = (await next).value
    expect(batch).toEqual([{ type: 'apply', tipSet: await world.chain.chainHead() }])
    await changes.return?.()
    lotus.close()
    await second.close()
  })
})
