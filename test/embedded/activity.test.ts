/** Telling when the embedded market is quiet. */
import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { Activity } from '../../src/embedded/activity.ts'
import { TrackedDatastore } from '../../src/embedded/tracked-datastore.ts'

describe('Activity', () => {
  it('waits for tracked work that takes many turns of the event loop', async () => {
    const activity = new Activity()
    let done = false
    const slow = (async () => {
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
      done = true
    })()
    void activity.track(slow)
    await activity.quiet()
    expect(done).toBe(true)
    expect(activity.inFlight).toBe(0)
  })

  it('waits while something keeps happening, and resolves once it stops', async () => {
    const activity = new Activity()
    let left = 30
    const tick = (): void => {
      activity.note()
      if (--left > 0) setImmediate(tick)
    }
    setImmediate(tick)
    await activity.quiet()
    expect(left).toBe(0)
  })

  it('counts every pull of an iterated source, and closes the source when the consumer stops', async () => {
    const activity = new Activity()
    let closed = false
    async function* source() {
      try {
        yield 1
        yield 2
        yield 3
      } finally {
        closed = true
      }
    }
    for await (const value of activity.iterate(source())) if (value === 2) break
    expect(closed).toBe(true)
    expect(activity.inFlight).toBe(0)
  })
})

describe('TrackedDatastore', () => {
  it('passes every operation through', async () => {
    const inner = new MemoryDatastore()
    const store = new TrackedDatastore(inner, new Activity())
    await store.put(new Key('/a'), Uint8Array.of(1))
    const batch = store.batch()
    batch.put(new Key('/b'), Uint8Array.of(2))
    batch.put(new Key('/c'), Uint8Array.of(3))
    await batch.commit()
    expect(await store.get(new Key('/b'))).toEqual(Uint8Array.of(2))
    expect(await store.has(new Key('/c'))).toBe(true)
    await store.delete(new Key('/c'))
    const keys: string[] = []
    for await (const key of store.queryKeys({})) keys.push(key.toString())
    expect(keys.sort()).toEqual(['/a', '/b'])
    const pairs: string[] = []
    for await (const pair of store.getMany([new Key('/a')])) pairs.push(pair.key.toString())
    expect(pairs).toEqual(['/a'])
    for await (const _ of store.deleteMany([new Key('/a')])) void _
    for await (const _ of store.putMany([{ key: new Key('/d'), value: Uint8Array.of(4) }])) void _
    const all: string[] = []
    for await (const pair of store.query({})) all.push(pair.key.toString())
    expect(all.sort()).toEqual(['/b', '/d'])
  })
})
