/**
 * A set of listeners where a throwing listener never breaks the emitter or the other listeners.
 *
 * @module
 */

/** Listeners of events of type `E`. */
export class Listeners<E> {
  readonly #set = new Set<(event: E) => void>()

  /** Adds `listener`; returns its removal. The same function added twice is called twice. */
  add(listener: (event: E) => void): () => void {
    const entry = (event: E): void => listener(event)
    this.#set.add(entry)
    return () => {
      this.#set.delete(entry)
    }
  }

  notify(event: E): void {
    for (const listener of [...this.#set]) {
      try {
        listener(event)
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
