import { EventEmitter } from 'eventemitter3'

/** Receives `(event, record)` after the record has been persisted. */
export type Listener<E, R> = (event: E, record: Readonly<R>) => unknown

/** Receives failures that have no caller to reject: dropped triggers, failed restarts, listener errors. */
export type ErrorListener = (error: Error, id?: string) => void

interface Events {
  update: [event: unknown, record: unknown]
  error: [error: Error, id?: string]
}

/**
 * Fan-out of applied events to subscribers. A listener that throws or rejects is reported to the
 * error listeners and never affects the deal or other listeners; one that returns a promise is not
 * awaited, so a slow listener never holds a deal up.
 */
export class Notifier<E, R> {
  readonly #emitter = new EventEmitter<Events>()

  subscribe(listener: Listener<E, R>): () => void {
    const wrapped = (event: unknown, record: unknown): void => {
      try {
        const result = listener(event as E, record as R)
        if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
          ;(result as Promise<void>).then(undefined, (error: unknown) => this.#reportListenerError(error))
        }
      } catch (error) {
        this.#reportListenerError(error)
      }
    }
    this.#emitter.on('update', wrapped)
    return () => {
      this.#emitter.off('update', wrapped)
    }
  }

  onError(listener: ErrorListener): () => void {
    this.#emitter.on('error', listener)
    return () => {
      this.#emitter.off('error', listener)
    }
  }

  notify(event: E, record: R): void {
    this.#emitter.emit('update', event, record)
  }

  reportError(error: Error, id?: string): void {
    for (const listener of this.#emitter.listeners('error')) {
      try {
        listener(error, id)
      } catch {
        // An error listener that throws has nowhere left to report to.
      }
    }
  }

  get listenerCount(): number {
    return this.#emitter.listenerCount('update')
  }

  #reportListenerError(error: unknown): void {
    this.reportError(error instanceof Error ? error : new Error(String(error)))
  }
}
