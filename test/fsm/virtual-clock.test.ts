import { describe, expect, it } from 'vitest'
import { AbortError } from '../../src/errors.ts'
import { VirtualClock } from '../../src/fsm/index.ts'

describe('VirtualClock', () => {
  it('resolves sleeps only when advanced past their due time, in due order', async () => {
    const clock = new VirtualClock(1000)
    const order: string[] = []
    void clock.sleep(300).then(() => order.push('300'))
    void clock.sleep(100).then(() => order.push('100'))
    await clock.advance(99)
    expect(order).toEqual([])
    await clock.advance(201)
    expect(order).toEqual(['100', '300'])
    expect(clock.now()).toBe(1300)
  })

  it('fires timers scheduled by earlier timers within the same advance', async () => {
    const clock = new VirtualClock()
    const fired: number[] = []
    const poll = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(10)
        fired.push(clock.now())
      }
    }
    void poll()
    await clock.advance(45)
    expect(fired).toEqual([10, 20, 30, 40])
  })

  it('rejects a sleep with AbortError when its signal aborts, and clears the timer', async () => {
    const clock = new VirtualClock()
    const controller = new AbortController()
    const sleeping = clock.sleep(1000, controller.signal)
    controller.abort()
    await expect(sleeping).rejects.toBeInstanceOf(AbortError)
    expect(clock.pending).toBe(0)
  })

  it('serves as an xstate clock', async () => {
    const clock = new VirtualClock()
    let fired = false
    const id = clock.setTimeout(() => {
      fired = true
    }, 5)
    clock.clearTimeout(id)
    await clock.advance(10)
    expect(fired).toBe(false)
  })
})
