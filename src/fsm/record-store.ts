import { type Datastore, Key } from 'interface-datastore'
import { AbortError, DealExistsError, DealNotFoundError, PersistenceError } from '../errors.ts'
import { abandonOnAbort, abortReason, onceAborted } from './abandon.ts'
import type { RecordCodec } from './record-codec.ts'

const noop = (): void => undefined

/**
 * Writes abandoned while still pending, by datastore and id. A later call on the same id waits for
 * them first (as far as its signals allow), so an abandoned write that lands late never overwrites
 * a newer record, even one written by a later store on the same datastore (a restarted group).
 */
const abandonedWrites = new WeakMap<Datastore, Map<string, Promise<void>>>()

/**
 * One encoded record per id in a datastore, under the key `/<id>`. Callers serialise access per id
 * (the state group does), so read-modify-write needs no locking here.
 *
 * A call waits for the datastore only until its signal, or the store's own (`lifetime`, which the
 * state group aborts when it stops), aborts: it then rejects with an `AbortError` and the datastore
 * call is abandoned, so a datastore that never answers (or ignores signals) cannot hold a caller.
 * An abandoned write may or may not land: the caller must treat it as failed. Two calls are not
 * raced, for speed: the write of an event ({@link put} without a signal: abandoned by
 * {@link abandonPending} instead) and the listing of {@link entries} without a signal.
 */
export class RecordStore<R> {
  readonly #datastore: Datastore
  readonly #codec: RecordCodec<R>
  readonly #lifetime: AbortSignal | undefined
  /** Event writes not settled yet, by id (the group's queue runs one per id at a time). */
  readonly #pendingWrites = new Map<string, Promise<unknown>>()

  constructor(datastore: Datastore, codec: RecordCodec<R>, lifetime?: AbortSignal) {
    this.#datastore = datastore
    this.#codec = codec
    this.#lifetime = lifetime
  }

  static key(id: string): Key {
    return new Key(`/${id}`)
  }

  /** Write a new record; fails with {@link DealExistsError} when the id is taken. */
  async create(id: string, record: R, signal?: AbortSignal): Promise<void> {
    if (await this.has(id, signal)) throw new DealExistsError(id)
    await this.put(id, record, signal)
  }

  /**
   * Write a record. With no `signal` (the write of every event, so the hot path) the write is
   * neither raced against the lifetime nor given a signal (a race at every event costs about 40% of
   * the group's throughput, and a datastore such as datastore-level would race each write against
   * the one long-lived signal again): a write still pending when the lifetime ends is handed to
   * {@link abandonPending} by the group; once the lifetime has ended the write counts as abandoned
   * even if it landed (its caller gets the AbortError).
   */
  async put(id: string, record: R, signal?: AbortSignal): Promise<void> {
    let bytes: Uint8Array
    try {
      bytes = this.#codec.encode(record)
    } catch (cause) {
      throw new PersistenceError(`could not encode deal ${id}`, { cause })
    }
    const lifetime = this.#lifetime
    try {
      if (signal !== undefined) {
        await this.#write(id, `writing deal ${id}`, signal, (options) =>
          this.#datastore.put(RecordStore.key(id), bytes, options),
        )
        return
      }
      if (lifetime?.aborted === true) throw abortReason(lifetime, `writing deal ${id}`)
      const fence = abandonedWrites.get(this.#datastore)?.get(id)
      if (fence !== undefined) await abandonOnAbort(() => fence, [lifetime], `writing deal ${id}`)
      const written = this.#datastore.put(RecordStore.key(id), bytes)
      // A datastore that writes synchronously (MemoryDatastore) has nothing pending to track.
      if (isPromise(written)) {
        this.#pendingWrites.set(id, written)
        try {
          await written
        } finally {
          if (this.#pendingWrites.get(id) === written) this.#pendingWrites.delete(id)
        }
      }
      // The lifetime may have ended while the write was pending (the group stopped).
      if (lifetime !== undefined && ended(lifetime)) throw abortReason(lifetime, `writing deal ${id}`)
    } catch (cause) {
      throw asAbort(cause) ?? new PersistenceError(`could not write deal ${id}`, { cause })
    }
  }

  /**
   * Hands every event write still pending to the abandoned writes of this datastore (a later call
   * on the same id waits for it), for the group to stop without waiting for them.
   */
  abandonPending(): void {
    for (const [id, write] of this.#pendingWrites) this.#remember(id, write)
    this.#pendingWrites.clear()
  }

  /** Read a record; {@link DealNotFoundError} when absent. */
  async get(id: string, signal?: AbortSignal): Promise<R> {
    let bytes: Uint8Array
    try {
      bytes = await this.#read(id, `reading deal ${id}`, signal, (options) =>
        this.#datastore.get(RecordStore.key(id), options),
      )
    } catch (cause) {
      const aborted = asAbort(cause)
      if (aborted !== undefined) throw aborted
      if ((cause as { name?: string }).name === 'NotFoundError') throw new DealNotFoundError(id, { cause })
      throw new PersistenceError(`could not read deal ${id}`, { cause })
    }
    return this.#decode(id, bytes)
  }

  async has(id: string, signal?: AbortSignal): Promise<boolean> {
    try {
      return await this.#read(id, `looking up deal ${id}`, signal, (options) =>
        this.#datastore.has(RecordStore.key(id), options),
      )
    } catch (cause) {
      throw asAbort(cause) ?? new PersistenceError(`could not read deal ${id}`, { cause })
    }
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.#write(id, `deleting deal ${id}`, signal, (options) =>
        this.#datastore.delete(RecordStore.key(id), options),
      )
    } catch (cause) {
      throw asAbort(cause) ?? new PersistenceError(`could not delete deal ${id}`, { cause })
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
    type Entry = { key: Key; value: Uint8Array }
    const signals = [signal, this.#readLifetime()]
    // A synchronous listing cannot hang; an asynchronous one is raced against the caller's signal
    // (and the lifetime) item by item. Without a caller's signal (the group's start), items are
    // awaited as they come, for speed, and the lifetime is checked between them: a listing that
    // hangs then holds only its own caller (stop() does not wait for start()). The datastore is
    // then given no signal either (one it would check at every item, as datastore-core does).
    const raced = signal !== undefined
    const lifetime = this.#readLifetime()
    let iterable: AsyncIterable<Entry> | Iterable<Entry>
    try {
      iterable = this.#datastore.query({}, optionsOf(raced ? signal : undefined))
    } catch (cause) {
      throw new PersistenceError('could not list deals', { cause })
    }
    // Checked between items of an unraced listing (a flag: reading the signal's state costs more).
    let lifetimeEnded = false
    const unwatch =
      raced || lifetime === undefined
        ? noop
        : onceAborted(lifetime, () => {
            lifetimeEnded = true
          })
    const sync = !(Symbol.asyncIterator in iterable)
    const iterator: AsyncIterator<Entry> | Iterator<Entry> =
      Symbol.asyncIterator in iterable ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]()
    let finished = false
    try {
      for (;;) {
        const next = sync
          ? (iterator as Iterator<Entry>).next()
          : raced
            ? await abandonOnAbort(async () => iterator.next(), signals, 'listing deals')
            : await iterator.next()
        if (lifetimeEnded) throw abortReason(lifetime as AbortSignal, 'listing deals')
        if (next.done === true) {
          finished = true
          break
        }
        const { key, value } = next.value
        const id = key.toString().slice(1)
        try {
          yield [id, this.#decode(id, value)]
        } catch (error) {
          onError(error as PersistenceError)
        }
      }
    } catch (cause) {
      finished = true
      // An abandoned listing is closed if the datastore ever answers; it is not waited for.
      void Promise.resolve(iterator.return?.()).catch(noop)
      throw asAbort(cause) ?? new PersistenceError('could not list deals', { cause })
    } finally {
      unwatch()
      // The caller stopped early: close the listing without waiting on it.
      if (!finished) void Promise.resolve(iterator.return?.()).catch(noop)
    }
  }

  /** A read of `id`, after any abandoned write of it settles. */
  async #read<T>(
    id: string,
    what: string,
    signal: AbortSignal | undefined,
    call: (options: { signal?: AbortSignal }) => Promise<T> | T,
  ): Promise<T> {
    const signals = [signal, this.#readLifetime()]
    const fence = this.#afterAbandoned(id, signals, what)
    if (fence !== undefined) await fence
    return abandonOnAbort(async () => call(optionsOf(signal ?? this.#readLifetime())), signals, what)
  }

  /** A write of `id`, after any abandoned write of it settles; if abandoned in turn, remembered. */
  async #write(
    id: string,
    what: string,
    signal: AbortSignal | undefined,
    call: (options: { signal?: AbortSignal }) => Promise<unknown> | unknown,
  ): Promise<void> {
    const signals = [signal, this.#lifetime]
    const fence = this.#afterAbandoned(id, signals, what)
    if (fence !== undefined) await fence
    let pending: Promise<unknown> | undefined
    try {
      await abandonOnAbort(
        () => {
          pending = Promise.resolve(call(optionsOf(signal ?? this.#lifetime)))
          return pending
        },
        signals,
        what,
      )
    } catch (error) {
      if (pending !== undefined && asAbort(error) !== undefined) this.#remember(id, pending)
      throw error
    }
  }

  /** A wait for an abandoned write of `id` still pending; undefined (nothing to wait for) mostly. */
  #afterAbandoned(
    id: string,
    signals: readonly (AbortSignal | undefined)[],
    what: string,
  ): Promise<void> | undefined {
    const pending = abandonedWrites.get(this.#datastore)?.get(id)
    return pending === undefined ? undefined : abandonOnAbort(() => pending, signals, what)
  }

  #remember(id: string, write: Promise<unknown>): void {
    let writes = abandonedWrites.get(this.#datastore)
    if (writes === undefined) {
      writes = new Map()
      abandonedWrites.set(this.#datastore, writes)
    }
    const previous = writes.get(id)
    const settled = Promise.all([previous, write.then(noop, noop)]).then(noop)
    writes.set(id, settled)
    void settled.then(() => {
      if (writes.get(id) === settled) writes.delete(id)
      if (writes.size === 0) abandonedWrites.delete(this.#datastore)
    })
  }

  /**
   * The lifetime as far as reads go: it ends the reads pending when it ends, but reads made after
   * that (listing a stopped group's deals) run, bounded only by their caller's signal.
   */
  #readLifetime(): AbortSignal | undefined {
    return this.#lifetime?.aborted === true ? undefined : this.#lifetime
  }

  #decode(id: string, bytes: Uint8Array): R {
    try {
      return this.#codec.decode(bytes)
    } catch (cause) {
      throw new PersistenceError(`could not decode deal ${id}`, { cause })
    }
  }
}

function optionsOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** Whether `signal` has aborted (a call, so a check after an await is not narrowed away). */
function ended(signal: AbortSignal): boolean {
  return signal.aborted
}

/** `error` when it is an abort (the caller's, or the store's lifetime ending). */
function asAbort(error: unknown): AbortError | undefined {
  return error instanceof AbortError ? error : undefined
}
