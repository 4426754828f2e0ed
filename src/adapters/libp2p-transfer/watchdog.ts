/**
 * A stall timer: fires when it was not fed for `timeoutMs`.
 *
 * @module
 */

/** Calls `onStall` once `timeoutMs` pass without {@link Watchdog.feed}. */
export class Watchdog {
  readonly #timeoutMs: number
  readonly #onStall: () => void
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(timeoutMs: number, onStall: () => void) {
    this.#timeoutMs = timeoutMs
    this.#onStall = onStall
    this.feed()
  }

  /** Something moved: the timeout starts again. */
  feed(): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(this.#onStall, this.#timeoutMs)
  }

  /** Stops watching. */
  stop(): void {
    clearTimeout(this.#timer)
  }
}
