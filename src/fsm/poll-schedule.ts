/**
 * Shared poll schedules: a single timer on the clock per interval, however many deals wait,
 * instead of a sleep per deal. The client polls for acceptance on one; deals retrying a refused
 * release or an unfinished publish search wait on others.
 *
 * @module
 */

import { AbortError } from '../errors.ts'
import type { Clock, TimerId } from './clock.ts'

interface Waiter {
  readonly resolve: () => void
  readonly signal: AbortSignal | undefined
  readonly onAbort: () => void
}

/**
 * Wakes its waiters together, once per interval. The first waiter starts the timer, so a lone deal
 * waits exactly one interval (as with its own sleep); a deal that joins while the timer runs is
 * woken at the next tick, never later than one interval. The timer stops when nobody waits.
 */
export class PollSchedule {
  readonly #clock: Clock
  readonly #intervalMs: number
  #waiters = new Set<Waiter>()
  #timer: TimerId | undefined

  constructor(clock: Clock, intervalMs: number) {
    this.#clock = clock
    this.#intervalMs = intervalMs
  }

  /** Deals waiting for the next tick. */
  get waiting(): number {
    return this.#waiters.size
  }

  /** Resolves at the next tick; rejects with {@link AbortError} when `signal` aborts first. */
  wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError())
        return
      }
      const waiter: Waiter = {
        resolve,
        signal,
        onAbort: () => {
          this.#waiters.delete(waiter)
          if (this.#waiters.size === 0) this.#stop()
          reject(new AbortError())
        },
      }
      this.#waiters.add(waiter)
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      if (this.#timer === undefined) this.#arm()
    })
  }

  #arm(): void {
    this.#timer = this.#clock.setTimeout(() => this.#tick(), this.#intervalMs)
  }

  #stop(): void {
    if (this.#timer === undefined) return
    this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #tick(): void {
    this.#timer = undefined
    const due = this.#waiters
    this.#waiters = new Set()
    for (const waiter of due) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort)
      waiter.resolve()
    }
  }
}

const schedules = new WeakMap<Clock, Map<number, PollSchedule>>()

/** The poll schedule shared by everything on `clock` waiting with this interval. */
export function pollScheduleFor(clock: Clock, intervalMs: number): PollSchedule {
  let byInterval = schedules.get(clock)
  if (byInterval === undefined) {
    byInterval = new Map()
    schedules.set(clock, byInterval)
  }
  let schedule = byInterval.get(intervalMs)
  if (schedule === undefined) {
    schedule = new PollSchedule(clock, intervalMs)
    byInterval.set(intervalMs, schedule)
  }
  return schedule
}

/**
 * Calls `attempt` until it returns true, waiting for the next tick of the schedule shared on
 * `clock` for `intervalMs` between attempts. Resolves true once an attempt succeeds, false when
 * `signal` aborts while it waits.
 */
export async function retryOnSchedule(
  clock: Clock,
  intervalMs: number,
  signal: AbortSignal | undefined,
  attempt: () => Promise<boolean>,
): Promise<boolean> {
  for (;;) {
    if (await attempt()) return true
    try {
      await pollScheduleFor(clock, intervalMs).wait(signal)
    } catch {
      return false
    }
  }
}
