import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../src/adapters/clock.ts'
import { PollSchedule, pollScheduleFor } from '../../src/fsm/poll-schedule.ts'

describe('PollSchedule', () => {
  it('wakes every waiting deal with one timer per interval', async () => {
    const clock = new VirtualClock()
    const schedule = new PollSchedule(clock, 100)
    const woken: number[] = []
    const waits = Array.from({ length: 50 }, (_, i) => schedule.wait().then(() => woken.push(i)))
    expect(clock.pending).toBe(1)
    expect(schedule.waiting).toBe(50)
    await clock.advance(99)
    expect(woken).toHaveLength(0)
    await clock.advance(1)
    await Promise.all(waits)
    expect(woken).toHaveLength(50)
    expect(clock.pending).toBe(0)
  })

  it('wakes a deal that joins late at the next tick, not a full interval after it joined', async () => {
    const clock = new VirtualClock()
    const schedule = new PollSchedule(clock, 100)
    let first = false
    let late = false
    void schedule.wait().then(() => (first = true))
    await clock.advance(60)
    void schedule.wait().then(() => (late = true))
    await clock.advance(40)
    expect([first, late]).toEqual([true, true])
  })

  it('drops an aborted waiter and stops its timer when nobody is left', async () => {
    const clock = new VirtualClock()
    const schedule = new PollSchedule(clock, 100)
    const controller = new AbortController()
    const wait = schedule.wait(controller.signal)
    controller.abort()
    await expect(wait).rejects.toMatchObject({ code: expect.any(String) })
    expect(schedule.waiting).toBe(0)
    expect(clock.pending).toBe(0)
    await expect(schedule.wait(controller.signal)).rejects.toBeDefined()
  })

  it('is shared per clock and interval', () => {
    const clock = new VirtualClock()
    expect(pollScheduleFor(clock, 100)).toBe(pollScheduleFor(clock, 100))
    expect(pollScheduleFor(clock, 100)).not.toBe(pollScheduleFor(clock, 200))
    expect(pollScheduleFor(new VirtualClock(), 100)).not.toBe(pollScheduleFor(clock, 100))
  })
})
