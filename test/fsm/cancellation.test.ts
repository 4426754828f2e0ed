import { describe, expect, it } from 'vitest'
import { exampleEnv, newRecord } from './example-machine.ts'
import { startedGroup } from './harness.ts'

const waitForAbort = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))

const recordAndWait = (signals: AbortSignal[], signal: AbortSignal): Promise<void> => {
  signals.push(signal)
  return waitForAbort(signal)
}

describe('cancellation', () => {
  it('aborts the running entry function when the state is left', async () => {
    const signals: AbortSignal[] = []
    const { group } = await startedGroup(exampleEnv({ one: (ctx) => recordAndWait(signals, ctx.signal) }))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await new Promise((r) => setTimeout(r, 0))
    expect(signals[0]?.aborted).toBe(false)
    await group.send('d', { type: 'b', value: 1 })
    expect(signals[0]?.aborted).toBe(true)
  })

  it('aborts on re-entry (no-change) and starts a fresh run', async () => {
    const signals: AbortSignal[] = []
    const { group } = await startedGroup(exampleEnv({ one: (ctx) => recordAndWait(signals, ctx.signal) }))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'resume' })
    await new Promise((r) => setTimeout(r, 0))
    expect(signals.map((s) => s.aborted)).toEqual([true, false])
  })

  it('does not abort on a just-record event', async () => {
    const signals: AbortSignal[] = []
    const { group } = await startedGroup(exampleEnv({ one: (ctx) => recordAndWait(signals, ctx.signal) }))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'justrecord' })
    await new Promise((r) => setTimeout(r, 0))
    expect(signals.map((s) => s.aborted)).toEqual([false])
  })

  it('drops the triggers of a superseded run', async () => {
    let stale: ((v: number) => Promise<boolean>) | undefined
    const { group, errors } = await startedGroup(
      exampleEnv({
        one: (ctx) => {
          stale ??= (value) => ctx.trigger({ type: 'b', value })
        },
      }),
    )
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'resume' }) // supersedes the first run
    await new Promise((r) => setTimeout(r, 0))
    expect(await stale?.(5)).toBe(false)
    expect((await group.get('d')).state).toBe('One')
    expect(errors).toEqual([])
  })

  it('aborts every running entry function on stop, and drops their later triggers', async () => {
    const signals: AbortSignal[] = []
    let late: Promise<boolean> | undefined
    const { group } = await startedGroup(
      exampleEnv({
        one: async (ctx) => {
          signals.push(ctx.signal)
          await waitForAbort(ctx.signal)
          late = ctx.trigger({ type: 'b', value: 1 })
        },
      }),
    )
    for (const id of ['a', 'b']) {
      await group.begin(id, newRecord())
      await group.send(id, { type: 'start' })
    }
    await new Promise((r) => setTimeout(r, 0))
    await group.stop()
    await new Promise((r) => setTimeout(r, 0))
    expect(signals.map((s) => s.aborted)).toEqual([true, true])
    expect(await late).toBe(false)
  })
})

describe('entry function failures', () => {
  it('turns a throw into the failure event with the message, instead of wedging the record', async () => {
    const { group } = await startedGroup(
      exampleEnv({
        one: () => {
          throw new Error('node unreachable')
        },
      }),
    )
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.idle()
    const record = await group.get('d')
    expect(record.state).toBe('Three')
    expect(record.message).toBe('EnterOne: node unreachable')
  })

  it('turns a rejection into the failure event too', async () => {
    const { group } = await startedGroup(
      exampleEnv({ two: async () => Promise.reject(new Error('late failure')) }),
    )
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'b', value: 1 })
    await group.idle()
    expect(await group.get('d')).toMatchObject({ state: 'Three', message: 'EnterTwo: late failure' })
  })

  it('ignores a rejection that follows its own abort', async () => {
    const { group, errors } = await startedGroup(
      exampleEnv({
        one: async (ctx) => {
          await waitForAbort(ctx.signal)
          throw new Error('aborted')
        },
      }),
    )
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.send('d', { type: 'b', value: 3 })
    await group.idle()
    expect((await group.get('d')).state).toBe('Two')
    expect(errors).toEqual([])
  })

  it('reports a triggered event that is not allowed, and keeps the record', async () => {
    const { group, errors } = await startedGroup(exampleEnv({ one: () => ({ type: 'wake' }) }))
    await group.begin('d', newRecord())
    await group.send('d', { type: 'start' })
    await group.idle()
    expect((await group.get('d')).state).toBe('One')
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['ERR_INVALID_TRANSITION'])
  })
})
