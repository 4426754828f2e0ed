import { type Clock, sleepOn, type TimerId } from './clock.ts'

interface Timer {
  readonly id: number
  readonly at: number
  readonly fn: () => void
}

/**
 * A clock that only moves when told to. Timers fire in due order (then in creation order) during
 * {@link VirtualClock.advance}, which lets promise callbacks settle between timers so that work a
 * timer starts can schedule further timers within the same advance.
 *
 * @example
 * const clock = new VirtualClock()
 * const done = clock.sleep(30_000)
 * await clock.advance(30_000) // `done` resolves, no real time passes
 */
export class VirtualClock implements Clock {
  #now: number
  #nextId = 1
  #timers: Timer[] = []

  /** @param start - the initial time in ms since the epoch (default 0). */
  constructor(start = 0) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal)
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn }
    // Keep the list sorted by due time, stable for equal times.
    let i = this.#timers.length
    while (i > 0 && (this.#timers[i - 1] as Timer).at > timer.at) i--
    this.#timers.splice(i, 0, timer)
    return timer.id
  }

  clearTimeout(id: TimerId): void {
    const i = this.#timers.findIndex((t) => t.id === id)
    if (i >= 0) this.#timers.splice(i, 1)
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.#timers.length
  }

  /** Due time of the next timer, if any. */
  nextDue(): number | undefined {
    return this.#timers[0]?.at
  }

  /**
   * Move time forward by `ms`, firing every timer that falls due, in order. Between timers (and
   * at the end) pending promise callbacks are allowed to run.
   */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms
    await settle()
    for (;;) {
      const next = this.#timers[0]
      if (next === undefined || next.at > until) break
      this.#timers.shift()
      this.#now = Math.max(this.#now, next.at)
      next.fn()
      await settle()
    }
    this.#now = until
    await settle()
  }

  /** Fire every timer due now without moving time. */
  async runDue(): Promise<void> {
    await this.advance(0)
  }
}

/** Let queued promise callbacks (and those they queue, a few levels deep) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
  await new Promise<void>((resolve) => macrotask(resolve))
}

/** Run `fn` on a later turn of the event loop: setImmediate where the runtime has it (Node), else a zero timeout. */
export const macrotask: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => (globalThis as unknown as { setImmediate: (fn: () => void) => void }).setImmediate(fn)
    : (fn) => globalThis.setTimeout(fn, 0)
