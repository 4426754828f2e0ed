/**
 * A simulated world served by a devnet, and a Lotus adapter talking to it. Everything started is
 * stopped when the test finishes.
 */
import { onTestFinished } from 'vitest'
import type { VirtualClock } from '../../../src/adapters/clock.ts'
import { type Devnet, type DevnetInit, startDevnet } from '../../../src/adapters/devnet/index.ts'
import { createLotusChain, type LotusChain, type LotusChainInit } from '../../../src/adapters/lotus/index.ts'
import { makeWorld, type World, type WorldOptions } from '../sim-chain/fixtures.ts'

/** A world, its devnet and an adapter on it. */
export interface LotusWorld {
  readonly world: World
  readonly devnet: Devnet
  readonly lotus: LotusChain
  /** Another adapter on the same devnet with other options (its own socket, as another process would). */
  connect(init?: Partial<LotusChainInit>, clock?: VirtualClock): LotusChain
}

/** Options of {@link lotusWorld}. */
export interface LotusWorldOptions extends WorldOptions {
  readonly devnet?: Omit<DevnetInit, 'chain'>
}

/** Starts a devnet on a fresh world; the adapter runs on the world's virtual clock. */
export async function lotusWorld(options: LotusWorldOptions = {}): Promise<LotusWorld> {
  const world = await makeWorld(options)
  const devnet = await startDevnet({ ...options.devnet, chain: world.chain })
  const adapters: LotusChain[] = []
  const connect = (init: Partial<LotusChainInit> = {}, clock: VirtualClock = world.clock): LotusChain => {
    const adapter = createLotusChain({ url: devnet.url, token: devnet.token, ...init }, { clock })
    adapters.push(adapter)
    return adapter
  }
  const lotus = connect()
  onTestFinished(async () => {
    for (const adapter of adapters) adapter.close()
    await devnet.close()
  })
  return { world, devnet, lotus, connect }
}

/** The next value of an iterator, failing the test if it ended. */
export async function nextValue<T>(iterator: AsyncIterator<T>): Promise<T> {
  const next = await iterator.next()
  if (next.done === true) throw new Error('the iterator ended')
  return next.value
}
