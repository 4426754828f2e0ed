/**
 * The write side of a push stream: frames queued by the transfer and handed to the stream's sink
 * one at a time, so a write resolves only once the stream took the frame (backpressure).
 *
 * @module
 */

import { StreamClosedError } from '../../errors.ts'

interface Entry {
  readonly bytes: Uint8Array
  readonly resolve: () => void
  readonly reject: (error: Error) => void
}

/** A queue of outgoing frames, drained by {@link Outbox.source}. */
export class Outbox {
  readonly #queue: Entry[] = []
  #wake: (() => void) | undefined
  #ended = false
  #closed: Error | undefined

  /** Queues `bytes`; resolves when the stream took them, rejects once the outbox is closed. */
  write(bytes: Uint8Array): Promise<void> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed)
    if (this.#ended) return Promise.reject(new StreamClosedError('the push stream was ended'))
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ bytes, resolve, reject })
      this.#wakeUp()
    })
  }

  /** No more frames: the source ends once the queue is drained. */
  end(): void {
    this.#ended = true
    this.#wakeUp()
  }

  /** The frames, in order; give it to `stream.sink`. */
  async *source(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const entry = this.#queue.shift()
        if (entry !== undefined) {
          yield entry.bytes
          entry.resolve()
          continue
        }
        if (this.#ended) return
        await new Promise<void>((resolve) => {
          this.#wake = resolve
        })
      }
    } finally {
      this.#close(new StreamClosedError('the push stream closed'))
    }
  }

  #close(error: Error): void {
    this.#closed ??= error
    for (const entry of this.#queue.splice(0)) entry.reject(error)
  }

  #wakeUp(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
