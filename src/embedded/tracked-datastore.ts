/**
 * A datastore wrapper that reports its operations to an {@link Activity}, so the market waits for
 * writes in flight (LevelDB's are real I/O) before it moves time on.
 *
 * @module
 */
import type { Batch, Datastore, Key, KeyQuery, Pair, Query } from 'interface-datastore'
import type { AbortOptions } from '../adapters/node.ts'
import type { Activity } from './activity.ts'

/** Every call goes to `inner`; each one counts as in flight until it settles. */
export class TrackedDatastore implements Datastore {
  readonly #inner: Datastore
  readonly #activity: Activity

  constructor(inner: Datastore, activity: Activity) {
    this.#inner = inner
    this.#activity = activity
  }

  has(key: Key, options?: AbortOptions): Promise<boolean> {
    return this.#activity.track(this.#inner.has(key, options))
  }

  put(key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    return this.#activity.track(this.#inner.put(key, value, options))
  }

  get(key: Key, options?: AbortOptions): Promise<Uint8Array> {
    return this.#activity.track(this.#inner.get(key, options))
  }

  delete(key: Key, options?: AbortOptions): Promise<void> {
    return this.#activity.track(this.#inner.delete(key, options))
  }

  putMany(source: Iterable<Pair> | AsyncIterable<Pair>, options?: AbortOptions): AsyncGenerator<Key> {
    return this.#activity.iterate(this.#inner.putMany(source, options))
  }

  getMany(source: Iterable<Key> | AsyncIterable<Key>, options?: AbortOptions): AsyncGenerator<Pair> {
    return this.#activity.iterate(this.#inner.getMany(source, options))
  }

  deleteMany(source: Iterable<Key> | AsyncIterable<Key>, options?: AbortOptions): AsyncGenerator<Key> {
    return this.#activity.iterate(this.#inner.deleteMany(source, options))
  }

  batch(): Batch {
    const batch = this.#inner.batch()
    return {
      put: (key, value) => batch.put(key, value),
      delete: (key) => batch.delete(key),
      commit: (options) => this.#activity.track(batch.commit(options)),
    }
  }

  query(query: Query, options?: AbortOptions): AsyncGenerator<Pair> {
    return this.#activity.iterate(this.#inner.query(query, options))
  }

  queryKeys(query: KeyQuery, options?: AbortOptions): AsyncGenerator<Key> {
    return this.#activity.iterate(this.#inner.queryKeys(query, options))
  }
}
