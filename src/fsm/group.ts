import type { Datastore } from 'interface-datastore'
import {
  AbortError,
  DealExistsError,
  DealTerminatedError,
  FilDealError,
  InvalidTransitionError,
  messageOf,
  NotStartedError,
  type PersistenceError,
} from '../errors.ts'
import { ActorHost } from './actor-host.ts'
import type { MachineDefinition } from './define.ts'
import { EntryRun } from './entry-run.ts'
import { KeyedQueue } from './keyed-queue.ts'
import { LiveRecord } from './live-record.ts'
import { type ErrorListener, type Listener, Notifier } from './notifications.ts'
import { cborRecordCodec, type RecordCodec } from './record-codec.ts'
import { RecordStore } from './record-store.ts'
import { tableStep } from './table-step.ts'
import type { EntryFunction, EventObject, NamedEntryFunction } from './types.ts'
import { macrotask } from './virtual-clock.ts'

/** Options of a {@link StateGroup}. */
export interface StateGroupOptions<R, Env> {
  /** Where records live, one key per id. Give each group its own (namespaced) datastore. */
  readonly datastore: Datastore
  /** Handed to every entry function. */
  readonly env: Env
  /** @default cbor-x with CIDs as tag 42 */
  readonly codec?: RecordCodec<R>
}

/** A call's AbortSignal: once it aborts, the call stops waiting for the datastore and rejects. */
export interface GroupCallOptions {
  readonly signal?: AbortSignal
}

/** What {@link StateGroup.start} found in the datastore. */
export interface StartSummary {
  /** Non-final records sent the restart event. */
  readonly restarted: number
  /** Records in a final state, kept as data only. */
  readonly final: number
  /** Records that could not be decoded or restarted (reported to the error listeners). */
  readonly failed: number
}

/** How the restart event leaves a record of one state unchanged: the entry function to run, whether it stays live. */
interface RestartPlan<S extends string, R, E extends EventObject, Env> {
  readonly entry: S | undefined
  readonly run: NamedEntryFunction<R, E, Env> | undefined
  readonly keepsActor: boolean
}

/** Entry functions of restored records started together while start() lists the store. */
const RESTART_ENTRY_BATCH = 256

/** Restarts that need a datastore write and may be in flight at once during {@link StateGroup.start}. */
const RESTART_WRITES = 64

class SupersededError extends FilDealError {
  constructor() {
    super('the entry function run was superseded', 'ERR_SUPERSEDED')
  }
}

/**
 * Many records of one lifecycle, by id: go-statemachine's group on an xstate machine.
 *
 * - Events for one id are applied one at a time in the order sent; {@link send} resolves once the
 *   event is applied and persisted.
 * - After each applied event the record (with its state name, never xstate internals) is written,
 *   then subscribers are notified, then the entry function of the new state starts (unless the
 *   event only recorded data).
 * - Leaving or re-entering a state aborts the running entry function's signal; its later triggers
 *   are dropped.
 * - Final records hold no actor. Parked records hold one only while their entry function runs;
 *   an event sent to their id wakes them from the datastore.
 */
export class StateGroup<S extends string, E extends EventObject, R, Env> {
  readonly definition: MachineDefinition<S, E, R, Env>
  readonly #host: ActorHost<S, E, R, Env>
  readonly #store: RecordStore<R>
  readonly #env: Env
  readonly #queue = new KeyedQueue()
  readonly #notifier = new Notifier<E, R>()
  readonly #actors = new Map<string, LiveRecord<S, R, E, Env>>()
  /** Restart outcomes by state, worked out once per state during {@link start}. */
  readonly #restartPlans = new Map<string, RestartPlan<S, R, E, Env> | null>()
  /** Entry function runs not yet returned. */
  #running = 0
  /** Entry function runs waiting for the microtask that starts them. */
  #toStart: EntryRun<S, R, E, Env>[] = []
  /**
   * True while start() lists the store: the entry functions of records restored in place are then
   * started by the listing loop, {@link RESTART_ENTRY_BATCH} at a time, instead of a microtask each
   * (the loop awaits every record, so a microtask per record would start batches of one).
   */
  #listing = false
  /**
   * Ids given to begin() or send() while start() lists the store. Only those can be live or queued
   * when the listing reaches them (it yields each id once, and triggers come only from records
   * already listed), so restoring any other id needs no lookup in the large live map.
   */
  readonly #calledWhileListing = new Set<string>()
  readonly #sink = (run: EntryRun<S, R, E, Env>, event: E): Promise<boolean> => this.#trigger(run, event)
  #status: 'new' | 'started' | 'stopped' = 'new'
  /** Aborted by {@link stop}: datastore calls still pending then are abandoned. */
  readonly #lifetime = new AbortController()
  /** Events applied so far; lets {@link idle} tell a quiet group from a busy one. */
  #applied = 0

  constructor(definition: MachineDefinition<S, E, R, Env>, options: StateGroupOptions<R, Env>) {
    this.definition = definition
    this.#host = new ActorHost(definition)
    this.#store = new RecordStore(
      options.datastore,
      options.codec ?? cborRecordCodec<R>(),
      this.#lifetime.signal,
    )
    this.#env = options.env
  }

  /**
   * Restore the group from its datastore: final records stay data only; every other record gets
   * the restart event, so its entry function runs again. Call once before anything else.
   *
   * The restart event is applied with the event table (no xstate actor is spawned until the
   * record's next event), and a record it leaves unchanged is not written again. Restarts that do
   * need a write are at most {@link RESTART_WRITES} in flight at once.
   */
  async start(): Promise<StartSummary> {
    if (this.#status !== 'new') throw new NotStartedError('a state group can be started only once')
    this.#status = 'started'
    let restarted = 0
    let final = 0
    let failed = 0
    const restartFailed = (error: unknown, id: string): void => {
      failed++
      restarted--
      this.#notifier.reportError(asError(error), id)
    }
    const writes = new Set<Promise<void>>()
    const onDecodeError = (error: PersistenceError): void => {
      failed++
      this.#notifier.reportError(error)
    }
    this.#listing = true
    try {
      for await (const [id, record] of this.#store.entries(onDecodeError)) {
        if (this.#toStart.length >= RESTART_ENTRY_BATCH) this.#startQueued()
        if (this.definition.isFinal(this.definition.stateOf(record))) {
          final++
          continue
        }
        restarted++
        try {
          if (this.#restartInPlace(id, record)) continue
        } catch (error) {
          restartFailed(error, id)
          continue
        }
        const write: Promise<void> = this.#queue
          .run(id, () => this.#apply(id, this.definition.spec.restartEvent, undefined, record, true))
          .then(
            () => {
              writes.delete(write)
            },
            (error: unknown) => {
              writes.delete(write)
              restartFailed(error, id)
            },
          )
        writes.add(write)
        if (writes.size >= RESTART_WRITES) await Promise.race(writes)
      }
    } finally {
      this.#listing = false
      this.#calledWhileListing.clear()
      if (this.#toStart.length > 0) this.#startQueued()
    }
    await Promise.all(writes)
    return { restarted, final, failed }
  }

  /**
   * Apply the restart event to a freshly read record at once, when nothing else is queued for its
   * id and the event leaves the record as stored (so there is nothing to write). Returns false
   * when the restart must go through the queue and the datastore instead.
   */
  #restartInPlace(id: string, record: R): boolean {
    if (this.#calledWhileListing.has(id) && (this.#queue.has(id) || this.#actors.has(id))) return false
    const state = this.definition.stateOf(record)
    let plan = this.#restartPlans.get(state)
    if (plan === undefined) {
      plan = this.#planRestart(id, record)
      this.#restartPlans.set(state, plan)
    }
    if (plan === null) return false
    const live = plan.keepsActor ? new LiveRecord<S, R, E, Env>(record) : undefined
    if (live !== undefined) this.#actors.set(id, live)
    this.#applied++
    this.#notifier.notify(this.definition.spec.restartEvent, record)
    if (live !== undefined && plan.run !== undefined) this.#startEntry(id, plan.entry as S, live, plan.run)
    return true
  }

  /**
   * What the restart event does to every record in the state of `record`, when that depends on
   * the state alone (the event has no action) and leaves the record unchanged; null otherwise.
   *
   * @throws {@link InvalidTransitionError} when the restart event is not allowed in that state
   */
  #planRestart(id: string, record: R): RestartPlan<S, R, E, Env> | null {
    const event = this.definition.spec.restartEvent
    const definition = this.definition.spec.events as unknown as Record<string, { action?: unknown }>
    if (definition[event.type]?.action !== undefined) return null
    const step = tableStep(this.definition, id, record, event)
    if (step.changed) return null
    return {
      entry: step.entry,
      run: step.entry === undefined ? undefined : this.definition.entryFunction(step.entry),
      keepsActor: !(this.definition.isParked(step.state) && step.entry === undefined),
    }
  }

  /**
   * Create a record in the initial state. No entry function runs until an event arrives.
   *
   * @throws {@link DealExistsError} when the id is already stored
   * @throws {@link AbortError} when `options.signal` aborts (or the group stops) before the
   *   datastore answers; the record may or may not have been written
   */
  async begin(id: string, record: R, options?: GroupCallOptions): Promise<R> {
    this.#assertStarted()
    if (this.#listing) this.#calledWhileListing.add(id)
    return this.#queue.run(id, async () => {
      if (this.#actors.has(id)) throw new DealExistsError(id)
      const initial = { ...record, [this.definition.spec.stateField]: this.definition.spec.initial } as R
      await this.#store.create(id, initial, options?.signal)
      this.#actors.set(id, new LiveRecord<S, R, E, Env>(initial))
      return initial
    })
  }

  /**
   * Apply an event to a record. Resolves with the record after the event, once it is persisted.
   *
   * @throws {@link DealNotFoundError} for an unknown id (nothing is created)
   * @throws {@link DealTerminatedError} when the record is in a final state
   * @throws {@link InvalidTransitionError} when the event is not allowed in the record's state (unchanged)
   * @throws {@link ActionFailedError} when the event's action throws (unchanged)
   * @throws {@link PersistenceError} when the write fails (unchanged)
   * @throws {@link AbortError} when `options.signal` aborts before the datastore answers (unchanged
   *   as far as the group goes: a write abandoned so may still land, as after a crash)
   */
  send(id: string, event: E, options?: GroupCallOptions): Promise<R> {
    if (this.#status !== 'started') return Promise.reject(new NotStartedError())
    if (this.#listing) this.#calledWhileListing.add(id)
    return this.#queue.run(id, () => this.#apply(id, event, undefined, undefined, false, options?.signal))
  }

  /**
   * The current record; {@link DealNotFoundError} when unknown, {@link AbortError} when
   * `options.signal` aborts (or the group stops) before the datastore answers.
   */
  async get(id: string, options?: GroupCallOptions): Promise<R> {
    return this.#actors.get(id)?.record ?? this.#store.get(id, options?.signal)
  }

  async has(id: string, options?: GroupCallOptions): Promise<boolean> {
    return this.#actors.has(id) || this.#store.has(id, options?.signal)
  }

  /** Every record, final ones included, in datastore order. Undecodable ones are reported and skipped. */
  async list(options?: GroupCallOptions): Promise<R[]> {
    const records: R[] = []
    const onError = (error: PersistenceError): void => this.#notifier.reportError(error)
    for await (const [, record] of this.#store.entries(onError, options?.signal)) {
      records.push(record)
    }
    return records
  }

  /** Subscribe to applied events; called with `(event, record)` after the write. Returns an unsubscribe function. */
  subscribe(listener: Listener<E, R>): () => void {
    return this.#notifier.subscribe(listener)
  }

  /** Subscribe to failures that have no caller to reject (dropped triggers, failed restarts, listener errors). */
  onError(listener: ErrorListener): () => void {
    return this.#notifier.onError(listener)
  }

  /** Records currently holding an actor (neither final nor parked-and-idle). */
  get activeCount(): number {
    return this.#actors.size
  }

  /**
   * Resolves when the group is quiet: no event is queued, and either no entry function is running
   * or none has applied an event for a few turns of the event loop (those still running wait for
   * something outside: a timer, a callback, I/O). Meant for tests driven by a virtual clock.
   */
  async idle(): Promise<void> {
    let quietTurns = 0
    while (quietTurns < 3) {
      const applied = this.#applied
      await this.#queue.drain()
      if (this.#running === 0 && this.#queue.size === 0) return
      await new Promise<void>((resolve) => macrotask(resolve))
      quietTurns = this.#applied === applied && this.#queue.size === 0 ? quietTurns + 1 : 0
    }
  }

  /**
   * Stop: abort every running entry function, refuse new events with {@link NotStartedError}, and
   * let the event being applied finish. Entry functions are not awaited; their later triggers are
   * dropped. A datastore call still pending after one more turn of the event loop is abandoned (its
   * caller gets an {@link AbortError}; a write abandoned so may or may not land, as in a crash), so
   * a datastore that never answers cannot keep the group from stopping.
   */
  async stop(): Promise<void> {
    if (this.#status === 'stopped') return
    this.#status = 'stopped'
    for (const actor of this.#actors.values()) actor.run?.abort()
    const drained = this.#queue.drain()
    let quiet = false
    void drained.then(() => {
      quiet = true
    })
    await new Promise<void>((resolve) => macrotask(resolve))
    const stopped = new AbortError('the state group stopped')
    if (!quiet) {
      this.#lifetime.abort(stopped)
      this.#store.abandonPending()
      // Calls raced against the lifetime end at once; an event write still pending (it is given no
      // signal) is left behind, abandoned above: its late landing changes nothing here.
      await Promise.race([drained, new Promise<void>((resolve) => macrotask(resolve))])
    }
    // Reads made outside the queue (get, has, list) and still pending end too.
    this.#lifetime.abort(stopped)
    for (const actor of this.#actors.values()) actor.actor?.stop()
    this.#actors.clear()
  }

  #assertStarted(): void {
    if (this.#status !== 'started') throw new NotStartedError()
  }

  /**
   * Apply one event to a record, persist it, notify, start the entry function. `byTable` applies
   * it with the event table instead of the record's xstate actor (restarts), and skips the write
   * when the record is unchanged.
   */
  async #apply(
    id: string,
    event: E,
    from: EntryRun<S, R, E, Env> | undefined,
    loaded: R | undefined,
    byTable = false,
    signal?: AbortSignal,
  ): Promise<R> {
    if (this.#status !== 'started') throw new NotStartedError()
    const actor = this.#actors.get(id)
    // A trigger counts only while its run is the record's current one. Parked records drop their
    // actor once their entry function returns; a later trigger from that run (a watcher's callback)
    // is then checked against the table like any other event.
    if (from !== undefined && (from.aborted || (actor !== undefined && actor.run !== from))) {
      throw new SupersededError()
    }
    const record = actor?.record ?? loaded ?? (await this.#store.get(id, signal))
    const state = this.definition.stateOf(record)
    if (this.definition.isFinal(state)) throw new DealTerminatedError(id, state)
    if (!this.definition.can(state, event.type)) throw new InvalidTransitionError(id, state, event.type)
    let xactor = actor?.actor
    let step: {
      readonly record: R
      readonly state: S
      readonly reentered: boolean
      readonly entry: S | undefined
    }
    let write = true
    if (byTable) {
      const table = tableStep(this.definition, id, record, event)
      step = table
      write = table.changed
    } else {
      xactor ??= this.#host.spawn(record)
      step = this.#host.apply(id, xactor, record, event)
    }
    if (write) {
      try {
        await this.#store.put(id, step.record, signal)
      } catch (error) {
        // The write failed, so the event did not happen. An actor that took the event is dropped;
        // the record's next event spawns a fresh one from the record as it was.
        if (!byTable) {
          xactor?.stop()
          if (actor !== undefined) actor.actor = undefined
        }
        throw error
      }
      // The table changed the record behind the actor's back: the next event spawns a fresh one.
      if (byTable && xactor !== undefined) {
        xactor.stop()
        xactor = undefined
      }
    }

    const previous = actor?.run
    if (step.reentered) previous?.abort()
    const keepsActor =
      !this.definition.isFinal(step.state) &&
      !(this.definition.isParked(step.state) && step.entry === undefined)
    let live: LiveRecord<S, R, E, Env> | undefined
    if (keepsActor) {
      // The record's one in-memory object is updated in place (set again: stop() may have cleared it).
      live = actor ?? new LiveRecord<S, R, E, Env>(step.record)
      live.record = step.record
      live.actor = xactor
      live.run = step.reentered ? undefined : previous
      this.#actors.set(id, live)
    } else {
      xactor?.stop()
      this.#actors.delete(id)
    }

    this.#applied++
    this.#notifier.notify(event, step.record)
    if (step.entry !== undefined && live !== undefined) this.#startEntry(id, step.entry, live)
    return step.record
  }

  #startEntry(
    id: string,
    state: S,
    live: LiveRecord<S, R, E, Env>,
    entry = this.definition.entryFunction(state),
  ): void {
    if (entry === undefined) return
    const run = new EntryRun(id, live, state, entry, this.#env, this.#sink)
    live.run = run
    this.#running++
    // Entry functions start on a later microtask (after the caller has returned), all those
    // started meanwhile in one go: a restart of many records costs one microtask, not one each.
    if (this.#toStart.length === 0 && !this.#listing) queueMicrotask(this.#startQueued)
    this.#toStart.push(run)
  }

  readonly #startQueued = (): void => {
    const batch = this.#toStart
    this.#toStart = []
    for (const run of batch) {
      try {
        this.#runEntry(run)
      } catch (error) {
        // Only the definition's own failureEvent can throw here; one record's failure stays its own.
        this.#notifier.reportError(asError(error), run.id)
      }
    }
  }

  /** Runs an entry function, then triggers its result; a synchronous one costs no promise. */
  #runEntry(run: EntryRun<S, R, E, Env>): void {
    let result: ReturnType<EntryFunction<R, E, Env>>
    try {
      result = run.entry.run(run)
    } catch (error) {
      this.#entryFailed(run, error)
      return
    }
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as PromiseLike<unknown>).then === 'function'
    ) {
      Promise.resolve(result).then(
        (event) => this.#entryReturned(run, event),
        (error: unknown) => this.#entryFailed(run, error),
      )
      return
    }
    this.#entryReturned(run, result as E | undefined | void)
  }

  #entryReturned(run: EntryRun<S, R, E, Env>, event: E | undefined | void): void {
    if (event !== undefined) void this.#trigger(run, event)
    else if (!run.handedOut && !this.definition.isParked(run.state)) {
      // Nothing can come from this run any more: the record need not keep it.
      if (run.live.run === run) run.live.run = undefined
    }
    this.#entryDone(run)
  }

  #entryFailed(run: EntryRun<S, R, E, Env>, error: unknown): void {
    if (!run.aborted) {
      void this.#trigger(
        run,
        this.definition.spec.failureEvent(`${run.entry.name}: ${messageOf(error)}`, run.state),
      )
    }
    this.#entryDone(run)
  }

  #entryDone(run: EntryRun<S, R, E, Env>): void {
    this.#running--
    // A parked record gives its actor up once its entry function has returned. The release
    // goes through the record's queue, after any event the run triggered and still applies.
    if (this.definition.isParked(run.state)) {
      const id = run.id
      void this.#queue.run(id, async () => this.#release(id, run))
    }
  }

  #release(id: string, run: EntryRun<S, R, E, Env>): void {
    const current = this.#actors.get(id)
    if (current?.run !== run) return
    current.actor?.stop()
    this.#actors.delete(id)
  }

  #trigger(run: EntryRun<S, R, E, Env>, event: E): Promise<boolean> {
    if (run.aborted) return Promise.resolve(false)
    const id = run.id
    return this.#queue
      .run(id, () => this.#apply(id, event, run, undefined))
      .then(
        () => true,
        (error: unknown) => {
          // Stopping ends what was still being applied: nothing to report.
          const stopped = this.#status === 'stopped' && error instanceof AbortError
          if (!(error instanceof SupersededError) && !(error instanceof NotStartedError) && !stopped) {
            this.#notifier.reportError(asError(error), id)
          }
          return false
        },
      )
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
