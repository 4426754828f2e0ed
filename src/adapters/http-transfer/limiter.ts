/**
 * A first-in first-out limit on transfers running at once.
 *
 * @module
 */
import { AbortError } from '../../errors.ts'

interface Waiter {
  readonly grant: () => void
}

/** At most `limit` holders at once; the others wait in arrival order. */
export class TransferLimiter {
  readonly #limit: number
  readonly #waiting: Waiter[] = []
  #running = 0

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`a transfer limit must be a positive integer: ${limit}`)
    this.#limit = limit
  }

  /** Slots in all. */
  get limit(): number {
    return this.#limit
  }

  get running(): number {
    return this.#running
  }

  get queued(): number {
    return this.#waiting.length
  }

  /**
   * Resolves with the release function once a slot is free. Rejects with AbortError (and leaves
   * the queue) when `signal` aborts first.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(new AbortError())
    return new Promise((resolve, reject) => {
      let released = false
      const release = (): void => {
        if (released) return
        released = true
        this.#running--
        this.#waiting.shift()?.grant()
      }
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort)
          this.#running++
          resolve(release)
        },
      }
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(waiter)
        if (at >= 0) this.#waiting.splice(at, 1)
        reject(new AbortError())
      }
      if (this.#running < this.#limit) {
        waiter.grant()
        return
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiting.push(waiter)
    })
  }
}
