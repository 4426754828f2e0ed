/**
 * A staging store wrapper that reports its operations to an {@link Activity}: staged data is
 * real file I/O in a store directory, and the market must not move time on while a write or a
 * piece check is waiting for the disk.
 *
 * @module
 */
import type { TransferSink } from '../adapters/data-transfer.ts'
import type { AbortOptions } from '../adapters/node.ts'
import type { StagingPath, StagingStore } from '../adapters/staging.ts'
import type { Activity } from './activity.ts'

/** Every call goes to `inner`; each one counts as in flight until it settles. */
export class TrackedStagingStore implements StagingStore {
  readonly #inner: StagingStore
  readonly #activity: Activity

  constructor(inner: StagingStore, activity: Activity) {
    this.#inner = inner
    this.#activity = activity
  }

  create(hint: string, maxBytes: bigint, options?: AbortOptions): Promise<StagingPath> {
    return this.#activity.track(this.#inner.create(hint, maxBytes, options))
  }

  async openWriter(path: StagingPath, options?: AbortOptions): Promise<TransferSink> {
    const sink = await this.#activity.track(this.#inner.openWriter(path, options))
    return {
      write: (chunk, writeOptions) => this.#activity.track(sink.write(chunk, writeOptions)),
      close: (closeOptions) => this.#activity.track(sink.close(closeOptions)),
    }
  }

  finalize(path: StagingPath, options?: AbortOptions): Promise<void> {
    return this.#activity.track(this.#inner.finalize(path, options))
  }

  size(path: StagingPath, options?: AbortOptions): Promise<bigint> {
    return this.#activity.track(this.#inner.size(path, options))
  }

  read(path: StagingPath, options?: AbortOptions): AsyncIterable<Uint8Array> {
    return this.#activity.iterate(this.#inner.read(path, options))
  }

  delete(path: StagingPath, options?: AbortOptions): Promise<void> {
    return this.#activity.track(this.#inner.delete(path, options))
  }
}
