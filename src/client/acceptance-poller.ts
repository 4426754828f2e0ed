/**
 * One shared poll schedule for every deal waiting for the provider's acceptance: a single timer
 * on the clock per polling interval, however many deals wait, instead of a sleep per deal.
 *
 * @module
 */

import type { Clock, TimerId } from '../adapters/clock.ts'
import { AbortError } from '../errors.ts'

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

/** The poll schedule shared by every client on `clock` with this polling interval. */
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
