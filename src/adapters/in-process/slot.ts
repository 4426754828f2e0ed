/**
 * One direction of an in-process stream, which carries at most one message: the writer puts it,
 * the reader takes it. Either side can go away, which the other side then sees as an error.
 *
 * @module
 */
import { AbortError } from '../../errors.ts'

interface Waiter {
  readonly resolve: (bytes: Uint8Array) => void
  readonly reject: (error: Error) => void
}

/**
 * What the network did with a message: handed it over, lost it (the reader waits for a message
 * that never comes, until the writer closes), or stalled it (the reader waits even past the
 * writer's close, until it aborts or the stream is reset: a peer that hangs).
 */
export type Delivery =
  | { readonly kind: 'delivered'; readonly bytes: Uint8Array }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'stalled' }

/** A one-message mailbox. */
export class Slot {
  #bytes: Uint8Array | undefined
  #writerGone: Error | undefined
  #readerGone: Error | undefined
  #stalled = false
  readonly #waiters = new Set<Waiter>()

  /** The error a writer gets now, if the reader is gone. */
  get readerGone(): Error | undefined {
    return this.#readerGone
  }

  /** Hands a message over as the network delivered it. Throws the reader-gone error if there is no reader any more. */
  write(delivery: Delivery): void {
    if (this.#readerGone !== undefined) throw this.#readerGone
    if (delivery.kind === 'stalled') this.#stalled = true
    if (delivery.kind !== 'delivered') return
    this.#bytes = delivery.bytes
    for (const waiter of this.#waiters) waiter.resolve(delivery.bytes)
    this.#waiters.clear()
  }

  /** No message will come (the writer closed): waiting and later reads fail with `error`, unless stalled. */
  endWriting(error: Error): void {
    if (this.#stalled) return
    this.#fail(error)
  }

  /** The stream broke: like {@link Slot.endWriting} and {@link Slot.endReading}, even when stalled. */
  reset(error: Error): void {
    this.#fail(error)
    this.endReading(error)
  }

  #fail(error: Error): void {
    this.#writerGone ??= error
    if (this.#bytes !== undefined) return
    for (const waiter of this.#waiters) waiter.reject(this.#writerGone)
    this.#waiters.clear()
  }

  /** Nobody will read (reader closed or reset): later writes fail with `error`. */
  endReading(error: Error): void {
    this.#readerGone ??= error
  }

  /**
   * The message, once written. A message that arrived stays readable after the writer closes.
   * Rejects with the writer-gone error, or AbortError when `signal` aborts first.
   */
  read(signal?: AbortSignal): Promise<Uint8Array> {
    if (this.#bytes !== undefined) return Promise.resolve(this.#bytes)
    if (this.#writerGone !== undefined) return Promise.reject(this.#writerGone)
    if (signal?.aborted) return Promise.reject(new AbortError())
    return new Promise<Uint8Array>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters.delete(waiter)
        reject(new AbortError())
      }
      const waiter: Waiter = {
        resolve: (bytes) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(bytes)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort)
          reject(error)
        },
      }
      this.#waiters.add(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
