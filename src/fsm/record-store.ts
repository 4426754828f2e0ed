import { type Datastore, Key } from 'interface-datastore'
import { DealExistsError, DealNotFoundError, PersistenceError } from '../errors.ts'
import type { RecordCodec } from './record-codec.ts'

/**
 * One encoded record per id in a datastore, under the key `/<id>`. Callers serialise access per id
 * (the state group does), so read-modify-write needs no locking here.
 */
export class RecordStore<R> {
  readonly #datastore: Datastore
  readonly #codec: RecordCodec<R>

  constructor(datastore: Datastore, codec: RecordCodec<R>) {
    this.#datastore = datastore
    this.#codec = codec
  }

  static key(id: string): Key {
    return new Key(`/${id}`)
  }

  /** Write a new record; fails with {@link DealExistsError} when the id is taken. */
  async create(id: string, record: R, signal?: AbortSignal): Promise<void> {
    if (await this.has(id, signal)) throw new DealExistsError(id)
    await this.put(id, record, signal)
  }

  async put(id: string, record: R, signal?: AbortSignal): Promise<void> {
    let bytes: Uint8Array
    try {
      bytes = this.#codec.encode(record)
    } catch (cause) {
      throw new PersistenceError(`could not encode deal ${id}`, { cause })
    }
    try {
      await this.#datastore.put(RecordStore.key(id), bytes, opts(signal))
    } catch (cause) {
      throw new PersistenceError(`could not write deal ${id}`, { cause })
    }
  }

  /** Read a record; {@link DealNotFoundError} when absent. */
  async get(id: string, signal?: AbortSignal): Promise<R> {
    let bytes: Uint8Array
    try {
      bytes = await this.#datastore.get(RecordStore.key(id), opts(signal))
    } catch (cause) {
      if ((cause as { name?: string }).name === 'NotFoundError') throw new DealNotFoundError(id, { cause })
      throw new PersistenceError(`could not read deal ${id}`, { cause })
    }
    return this.#decode(id, bytes)
  }

  async has(id: string, signal?: AbortSignal): Promise<boolean> {
    try {
      return await this.#datastore.has(RecordStore.key(id), opts(signal))
    } catch (cause) {
      throw new PersistenceError(`could not read deal ${id}`, { cause })
    }
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.#datastore.delete(RecordStore.key(id), opts(signal))
    } catch (cause) {
      throw new PersistenceError(`could not delete deal ${id}`, { cause })
    }
  }

  /**
   * Every stored record, in datastore order. A record that cannot be decoded is reported through
   * `onError` and skipped, so one corrupt entry never hides the others.
   */
  async *entries(
    onError: (error: PersistenceError) => void,
    signal?: AbortSignal,
  ): AsyncGenerator<[id: string, record: R]> {
    try {
      const iterable:
        | AsyncIterable<{ key: Key; value: Uint8Array }>
        | Iterable<{ key: Key; value: Uint8Array }> = this.#datastore.query({}, opts(signal))
      for await (const { key, value } of iterable) {
        const id = key.toString().slice(1)
        try {
          yield [id, this.#decode(id, value)]
        } catch (error) {
          onError(error as PersistenceError)
        }
      }
    } catch (cause) {
      throw new PersistenceError('could not list deals', { cause })
    }
  }

  #decode(id: string, bytes: Uint8Array): R {
    try {
      return this.#codec.decode(bytes)
    } catch (cause) {
      throw new PersistenceError(`could not decode deal ${id}`, { cause })
    }
  }
}

function opts(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal }
}
