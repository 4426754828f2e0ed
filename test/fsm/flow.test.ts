import { describe, expect, it } from 'vitest'
import { exampleEnv, newRecord } from './example-machine.ts'
import { beginParked, startedGroup } from './harness.ts'

describe('basic flow', () => {
  it('runs the entry function of each state and hands it the updated record (1000 deals)', async () => {
    const env = exampleEnv({ one: (ctx) => ({ type: 'b', value: Number(ctx.id) + 1 }) })
    const { group } = await startedGroup(env)
    const ids = Array.from({ length: 1000 }, (_, i) => String(i))
    await Promise.all(ids.map((id) => group.begin(id, newRecord())))
    await Promise.all(ids.map((id) => group.send(id, { type: 'start' })))
    await group.idle()
    for (const id of ids) {
      const record = await group.get(id)
      expect(record.state).toBe('Two')
      expect(record.b).toBe(Number(id) + 1)
    }
    const twoRuns = env.runs.filter((r) => r.state === 'Two')
    expect(twoRuns).toHaveLength(1000)
    expect(new Set(twoRuns.map((r) => r.b)).size).toBe(1000)
  })

  it('applies record-only events triggered first, then the event that moves on, in order', async () => {
    const env = exampleEnv({
      one: async (ctx) => {
        void ctx.trigger({ type: 'justrecord' })
        return { type: 'b', value: 7 }
      },
    })
    const { group } = await startedGroup(env)
    const seen: string[] = []
    group.subscribe((event, record) => seen.push(`${event.type}:${record.state}:${record.b}`))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.idle()
    expect(seen).toEqual(['start:One:0', 'justrecord:One:1000000', 'b:Two:7'])
  })

  it('re-runs the entry function on no-change, and not on just-record', async () => {
    const env = exampleEnv()
    const { group } = await startedGroup(env)
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'resume' })
    await group.send('d', { type: 'justrecord' })
    await group.idle()
    expect(env.runs).toEqual([
      { state: 'One', b: 0 },
      { state: 'One', b: 0 },
    ])
    expect((await group.get('d')).b).toBe(1_000_000)
  })

  it('accepts an any-state event from the initial state and from a running state', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    expect((await group.send('d', { type: 'any' })).state).toBe('One')
    await group.send('d', { type: 'b', value: 3 })
    expect((await group.send('d', { type: 'any' })).state).toBe('One')
  })

  it('prefers a specific clause over the any-state clause', async () => {
    const { group } = await startedGroup()
    await beginParked(group, 'd')
    // `resume` is no-change from any state, but leads from Parked to Two.
    expect((await group.send('d', { type: 'resume' })).state).toBe('Two')
    expect((await group.send('d', { type: 'resume' })).state).toBe('Two')
  })

  it('observes each value after a pair of sends (100 rounds)', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    for (let i = 0; i < 100; i++) {
      void group.send('d', { type: 'restart' })
      await group.send('d', { type: 'b', value: i })
      expect((await group.get('d')).b).toBe(i)
    }
  })
})

describe('ordering', () => {
  it('applies 1,000 events sent at once to one record, all of them, in order', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    const values: number[] = []
    group.subscribe((event) => {
      if (event.type === 'b') values.push(event.value)
    })
    const sends = Array.from({ length: 1000 }, (_, i) => group.send('d', { type: 'b', value: i }))
    const results = await Promise.all(sends)
    expect(results.map((r) => r.b)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(values).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect((await group.get('d')).b).toBe(999)
  })
})

describe('idle', () => {
  it('resolves while an entry function waits on a virtual timer, and again after the timer fires', async () => {
    const { VirtualClock } = await import('../../src/fsm/index.ts')
    const clock = new VirtualClock()
    const { group } = await startedGroup(
      exampleEnv({
        one: async (ctx) => {
          await clock.sleep(30_000, ctx.signal)
          return { type: 'b', value: 30 }
        },
      }),
    )
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.idle()
    expect((await group.get('d')).state).toBe('One')
    await clock.advance(30_000)
    await group.idle()
    expect(await group.get('d')).toMatchObject({ state: 'Two', b: 30 })
  })
})
