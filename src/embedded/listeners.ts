/**
 * A set of listeners where one that throws never stops the others.
 *
 * @module
 */

/** Listeners of one kind of notification. */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>()

  /** Adds `listener`; the returned function removes it. Adding a function twice subscribes it twice. */
  add(listener: (value: T) => void): () => void {
    const entry = (value: T): void => listener(value)
    this.#set.add(entry)
    return () => {
      this.#set.delete(entry)
    }
  }

  /** Listeners subscribed. */
  get size(): number {
    return this.#set.size
  }

  /** Calls every listener with `value`, ignoring their failures: a listener's failure is its own. */
  notify(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value)
      } catch {
        // Nothing to do: the notification goes on to the others.
      }
    }
  }
}
