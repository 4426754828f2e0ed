/**
 * Torn writes in-process: the simulated chain saves through a datastore whose batch lands only in
 * part before the "process" dies (the write throws and the chain is dropped), then a new chain opens
 * on what landed. Every prefix of the batch must leave a store that loads, keeps the invariants and
 * carries on: the interrupted epoch's messages run again, once.
 */
import { BaseDatastore, MemoryDatastore } from 'datastore-core'
import type { Batch, Key, Pair, Query } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src/adapters/clock.ts'
import { openSimChain } from '../../../src/adapters/sim-chain/sim-chain.ts'
import { FIL, makeWorld } from '../../adapters/sim-chain/fixtures.ts'

/** A datastore whose next batch, once armed, applies its first `landed` operations and throws. */
class TornDatastore extends BaseDatastore {
  tearNext: { landed: number } | undefined
  /** Operations of the last batch committed or torn. */
  lastBatchSize = 0

  constructor(readonly inner: MemoryDatastore) {
    super()
  }

  override async put(key: Key, value: Uint8Array): Promise<Key> {
    return this.inner.put(key, value)
  }
  override async get(key: Key): Promise<Uint8Array> {
    return this.inner.get(key)
  }
  override async has(key: Key): Promise<boolean> {
    return this.inner.has(key)
  }
  override async delete(key: Key): Promise<void> {
    this.inner.delete(key)
  }
  override async *_all(q: Query): AsyncGenerator<Pair> {
    yield* this.inner.query(q.prefix === undefined ? {} : { prefix: q.prefix })
  }

  override batch(): Batch {
    const ops: { key: Key; value: Uint8Array }[] = []
    return {
      put: (key, value) => void ops.push({ key, value }),
      delete: () => {
        throw new Error('the chain never deletes in a batch')
      },
      commit: async () => {
        this.lastBatchSize = ops.length
        const tear = this.tearNext
        this.tearNext = undefined
        const landed = tear === undefined ? ops.length : tear.landed
        for (const op of ops.slice(0, landed)) await this.inner.put(op.key, op.value)
        if (tear !== undefined) throw new Error(`torn after ${landed} of ${ops.length} writes`)
      },
    }
  }
}

describe('a torn batch of the simulated chain', () => {
  it('reopens at the last whole save for every prefix of an epoch save; the epoch runs again, once', async () => {
    const world = await makeWorld()
    await world.chain.close()
    // Measure the epoch's batch once, then tear it after each possible prefix.
    let size = 0
    for (let landed = 0; size === 0 || landed < size; landed++) {
      const inner = new MemoryDatastore()
      const store = new TornDatastore(inner)
      const clock = new VirtualClock()
      const chain = await openSimChain({ clock, datastore: store, wallet: world.wallet }, world.init)
      await chain.advance(1)
      const head = chain.head
      const deposit = await chain.marketAddBalance(world.client2, world.client2, 3n * FIL)
      const before = await chain.stateMarketBalance(world.client2, [])
      store.tearNext = { landed }
      await expect(chain.advance(1)).rejects.toThrow()
      size ||= store.lastBatchSize
      expect(size).toBeGreaterThan(1)

      const reopened = await openSimChain({ clock, datastore: inner }, world.init)
      expect(reopened.head, `prefix ${landed}`).toEqual(head)
      expect(await reopened.stateSearchMsg([], deposit)).toBeUndefined()
      expect(await reopened.stateMarketBalance(world.client2, [])).toEqual(before)
      await reopened.advance(1) // the invariants are checked on every epoch
      const lookup = await reopened.stateWaitMsg(deposit, 0)
      expect(lookup.receipt.exitCode, `prefix ${landed}`).toBe(0)
      const escrow = await reopened.stateMarketBalance(world.client2, [])
      expect(escrow.escrow - before.escrow, `prefix ${landed}`).toBe(3n * FIL)
      await reopened.close()
    }
  })

  it('forgets a message whose push was torn (nobody got its CID) and numbers the next one in its place', async () => {
    const world = await makeWorld()
    await world.chain.close()
    const inner = new MemoryDatastore()
    const store = new TornDatastore(inner)
    const clock = new VirtualClock()
    const chain = await openSimChain({ clock, datastore: store, wallet: world.wallet }, world.init)
    store.tearNext = { landed: 1 }
    await expect(chain.marketAddBalance(world.client, world.client, 2n * FIL)).rejects.toThrow()

    const reopened = await openSimChain({ clock, datastore: inner }, world.init)
    expect(await reopened.mpoolPending()).toEqual([])
    const again = await reopened.marketAddBalance(world.client, world.client, 2n * FIL)
    await reopened.advance(1)
    expect((await reopened.stateWaitMsg(again, 0)).receipt.exitCode).toBe(0)
    expect((await reopened.stateMarketBalance(world.client, [])).escrow).toBe(2n * FIL)
    await reopened.close()
  })
})
