import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { cborRecordCodec } from '../../src/fsm/index.ts'
import { type ExampleRecord, exampleEnv, newRecord } from './example-machine.ts'
import { startedGroup } from './harness.ts'

describe('notifications', () => {
  it('notifies once per applied event: start and the entry-triggered b make exactly two', async () => {
    const { group } = await startedGroup(exampleEnv({ one: () => ({ type: 'b', value: 1 }) }))
    const events: string[] = []
    group.subscribe((event) => events.push(event.type))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.idle()
    expect(events).toEqual(['start', 'b'])
  })

  it('delivers 1,000 any-state no-change events in send order', async () => {
    const { group } = await startedGroup()
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    const seen: number[] = []
    group.subscribe((event, record) => {
      if (event.type === 'b') seen.push(record.b)
    })
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => [
        group.send('d', { type: 'resume' }),
        group.send('d', { type: 'b', value: i }),
      ]).flat(),
    )
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i))
  })

  it('notifies after the record is persisted and before the entry function runs', async () => {
    const order: string[] = []
    const { group, datastore } = await startedGroup(
      exampleEnv({
        one: () => {
          order.push('entry')
        },
      }),
    )
    group.subscribe(async (_event, record) => {
      const stored = cborRecordCodec<ExampleRecord>().decode(await datastore.get(new Key('/d')))
      order.push(`notified ${record.state}, stored ${stored.state}`)
    })
    await group.begin('d', newRecord())
    group.subscribe(() => {
      order.push('listener')
    })
    await group.send('d', { type: 'start' })
    await group.idle()
    await new Promise((r) => setTimeout(r, 0))
    expect(order.indexOf('listener')).toBeLessThan(order.indexOf('entry'))
    expect(order).toContain('notified One, stored One')
  })

  it('isolates a throwing, a rejecting and a never-settling listener from the deal and other listeners', async () => {
    const { group, errors } = await startedGroup(exampleEnv({ one: () => ({ type: 'b', value: 2 }) }))
    group.subscribe(() => {
      throw new Error('listener broke')
    })
    group.subscribe(() => Promise.reject(new Error('listener rejected')))
    group.subscribe(() => new Promise<void>(() => undefined))
    const seen: string[] = []
    group.subscribe((event) => seen.push(event.type))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.idle()
    await new Promise((r) => setTimeout(r, 0))
    expect((await group.get('d')).state).toBe('Two')
    expect(seen).toEqual(['start', 'b'])
    expect(errors.map((e) => e.message)).toEqual([
      'listener broke',
      'listener rejected',
      'listener broke',
      'listener rejected',
    ])
  })

  it('stops notifying after unsubscribe', async () => {
    const { group } = await startedGroup()
    const seen: string[] = []
    const unsubscribe = group.subscribe((event) => seen.push(event.type))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    unsubscribe()
    await group.send('d', { type: 'resume' })
    expect(seen).toEqual(['start'])
  })
})
