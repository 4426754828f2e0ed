/**
 * Client-side resumption of stalled pushes. go-data-transfer restarts a channel whose peer dropped
 * and only reports the failure once its restart attempts are used up; the in-memory hub reports
 * the stall at once, and a client deal fails on it (differences.md C5). This keeps the stall from
 * the client's deals while it tries to resume the channel.
 *
 * @module
 */

import type { Clock } from '../adapters/clock.ts'
import type { ChannelId, TransferEvent } from '../adapters/data-transfer.ts'
import { channelKey } from '../adapters/memory-transfer/index.ts'

/** How stalled pushes are resumed. */
export interface StallRestartInit {
  readonly clock: Clock
  /** Stalls in a row (with no progress between them) resumed before the deal is told. */
  readonly attempts: number
  /** Clock time between the stall (or a failed attempt) and the next attempt, in ms. */
  readonly intervalMs: number
}

/** Holds back `stalled` events of channels it is still trying to resume. */
export class StallRestarter {
  readonly #init: StallRestartInit
  readonly #restart: (channel: ChannelId) => Promise<void>
  readonly #attempts = new Map<string, number>()
  readonly #lifetime = new AbortController()

  constructor(init: StallRestartInit, restart: (channel: ChannelId) => Promise<void>) {
    this.#init = init
    this.#restart = restart
  }

  /**
   * Whether `event` (with the hub's channel id) is held back. A held stall is followed by a restart
   * after the interval; if that fails, or the attempts are used up, `deliver` passes it on.
   */
  hold(event: TransferEvent, deliver: () => void): boolean {
    const key = channelKey(event.channel)
    if (event.type === 'progress' || event.type === 'completed') this.#attempts.delete(key)
    if (event.type !== 'stalled') return false
    const used = this.#attempts.get(key) ?? 0
    if (used >= this.#init.attempts) return false
    this.#attempts.set(key, used + 1)
    const signal = this.#lifetime.signal
    this.#init.clock
      .sleep(this.#init.intervalMs, signal)
      .then(() => this.#restart(event.channel))
      .catch(() => {
        if (!signal.aborted) deliver()
      })
    return true
  }

  /** Drops pending restarts. */
  close(): void {
    this.#lifetime.abort()
  }
}
