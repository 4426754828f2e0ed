const noop = (): void => undefined

/**
 * Runs tasks one at a time per key, in submission order; different keys run concurrently. A key
 * costs memory only while it has tasks pending.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>()

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key)
    const result = previous === undefined ? task() : previous.then(task)
    const tail = result.then(noop, noop)
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }

  /** Whether `key` has tasks pending. */
  has(key: string): boolean {
    return this.#tails.has(key)
  }

  /** Keys with pending tasks. */
  get size(): number {
    return this.#tails.size
  }

  /** Resolves when every task submitted so far has settled. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values())
  }
}
