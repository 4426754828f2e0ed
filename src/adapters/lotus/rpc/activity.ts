/**
 * What the adapter has in progress, so that a caller can wait for a quiet point: calls in flight,
 * and probes that say whether each head subscription has handed over everything it received. Every
 * change and every message received counts as a tick, so a quiet moment is only believed when no
 * tick happened across it.
 *
 * @module
 */

/** Work in progress and a counter of everything that happened. */
export class Activity {
  #busy = 0
  #ticks = 0
  #waiters: (() => void)[] = []
  readonly #probes = new Set<() => boolean>()

  /** Marks one piece of work as started; the returned function ends it (once). */
  begin(): () => void {
    this.#busy++
    this.tick()
    let ended = false
    return () => {
      if (ended) return
      ended = true
      this.#busy--
      this.tick()
    }
  }

  /** Records that something happened. */
  tick(): void {
    this.#ticks++
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }

  /** Adds a probe that returns true while its owner is quiet; the returned function removes it. */
  probe(quiet: () => boolean): () => void {
    this.#probes.add(quiet)
    return () => {
      this.#probes.delete(quiet)
      this.tick()
    }
  }

  /** Ticks so far. */
  get ticks(): number {
    return this.#ticks
  }

  /** True when nothing is in flight and every probe is quiet. */
  get quiet(): boolean {
    if (this.#busy > 0) return false
    for (const quiet of this.#probes) if (!quiet()) return false
    return true
  }

  /** Resolves at the next tick. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve))
  }
}
