import type { Datastore } from 'interface-datastore'
import type { AnyActor } from 'xstate'
import {
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
import { KeyedQueue } from './keyed-queue.ts'
import { type ErrorListener, type Listener, Notifier } from './notifications.ts'
import { cborRecordCodec, type RecordCodec } from './record-codec.ts'
import { RecordStore } from './record-store.ts'
import type { EventObject } from './types.ts'
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

/** What {@link StateGroup.start} found in the datastore. */
export interface StartSummary {
  /** Non-final records sent the restart event. */
  readonly restarted: number
  /** Records in a final state, kept as data only. */
  readonly final: number
  /** Records that could not be decoded or restarted (reported to the error listeners). */
  readonly failed: number
}

/** One run of an entry function. Aborting it supersedes it: its later triggers are dropped. */
interface Run {
  readonly controller: AbortController
}

/** A record that currently holds an actor: the xstate actor, its latest record and the entry function running for it. */
interface Actor<R> {
  actor: AnyActor
  record: R
  run: Run | undefined
}

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
  readonly #actors = new Map<string, Actor<R>>()
  readonly #running = new Set<Promise<void>>()
  #status: 'new' | 'started' | 'stopped' = 'new'
  /** Events applied so far; lets {@link idle} tell a quiet group from a busy one. */
  #applied = 0

  constructor(definition: MachineDefinition<S, E, R, Env>, options: StateGroupOptions<R, Env>) {
    this.definition = definition
    this.#host = new ActorHost(definition)
    this.#store = new RecordStore(options.datastore, options.codec ?? cborRecordCodec<R>())
    this.#env = options.env
  }

  /**
   * Restore the group from its datastore: final records stay data only; every other record gets
   * the restart event, so its entry function runs again. Call once before anything else.
   */
  async start(): Promise<StartSummary> {
    if (this.#status !== 'new') throw new NotStartedError('a state group can be started only once')
    this.#status = 'started'
    let restarted = 0
    let final = 0
    let failed = 0
    const restarts: Promise<void>[] = []
    const onDecodeError = (error: PersistenceError): void => {
      failed++
      this.#notifier.reportError(error)
    }
    for await (const [id, record] of this.#store.entries(onDecodeError)) {
      if (this.definition.isFinal(this.definition.stateOf(record))) {
        final++
        continue
      }
      restarted++
      const restart = this.#queue
        .run(id, () => this.#apply(id, this.definition.spec.restartEvent, undefined, record))
        .then(
          () => undefined,
          (error: unknown) => {
            failed++
            restarted--
            this.#notifier.reportError(asError(error), id)
          },
        )
      restarts.push(restart)
    }
    await Promise.all(restarts)
    return { restarted, final, failed }
  }

  /**
   * Create a record in the initial state. No entry function runs until an event arrives.
   *
   * @throws {@link DealExistsError} when the id is already stored
   */
  async begin(id: string, record: R): Promise<R> {
    this.#assertStarted()
    return this.#queue.run(id, async () => {
      if (this.#actors.has(id)) throw new DealExistsError(id)
      const initial = { ...record, [this.definition.spec.stateField]: this.definition.spec.initial } as R
      await this.#store.create(id, initial)
      this.#actors.set(id, { actor: this.#host.spawn(initial), record: initial, run: undefined })
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
   */
  send(id: string, event: E): Promise<R> {
    if (this.#status !== 'started') return Promise.reject(new NotStartedError())
    return this.#queue.run(id, () => this.#apply(id, event, undefined, undefined))
  }

  /** The current record; {@link DealNotFoundError} when unknown. */
  async get(id: string): Promise<R> {
    return this.#actors.get(id)?.record ?? this.#store.get(id)
  }

  async has(id: string): Promise<boolean> {
    return this.#actors.has(id) || this.#store.has(id)
  }

  /** Every record, final ones included, in datastore order. Undecodable ones are reported and skipped. */
  async list(): Promise<R[]> {
    const records: R[] = []
    for await (const [, record] of this.#store.entries((error) => this.#notifier.reportError(error))) {
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
      if (this.#running.size === 0 && this.#queue.size === 0) return
      await new Promise<void>((resolve) => macrotask(resolve))
      quietTurns = this.#applied === applied && this.#queue.size === 0 ? quietTurns + 1 : 0
    }
  }

  /**
   * Stop: abort every running entry function, let events already queued finish, then refuse new
   * ones with {@link NotStartedError}. Entry functions are not awaited; their later triggers are dropped.
   */
  async stop(): Promise<void> {
    if (this.#status === 'stopped') return
    this.#status = 'stopped'
    for (const actor of this.#actors.values()) actor.run?.controller.abort()
    await this.#queue.drain()
    for (const actor of this.#actors.values()) actor.actor.stop()
    this.#actors.clear()
  }

  #assertStarted(): void {
    if (this.#status !== 'started') throw new NotStartedError()
  }

  async #apply(id: string, event: E, from: Run | undefined, loaded: R | undefined): Promise<R> {
    if (this.#status !== 'started') throw new NotStartedError()
    const actor = this.#actors.get(id)
    // A trigger counts only while its run is the record's current one. Parked records drop their
    // actor once their entry function returns; a later trigger from that run (a watcher's callback)
    // is then checked against the table like any other event.
    if (
      from !== undefined &&
      (from.controller.signal.aborted || (actor !== undefined && actor.run !== from))
    ) {
      throw new SupersededError()
    }
    const record = actor?.record ?? loaded ?? (await this.#store.get(id))
    const state = this.definition.stateOf(record)
    if (this.definition.isFinal(state)) throw new DealTerminatedError(id, state)
    if (!this.definition.can(state, event.type)) throw new InvalidTransitionError(id, state, event.type)
    const xactor = actor?.actor ?? this.#host.spawn(record)
    const step = this.#host.apply(id, xactor, record, event)
    try {
      await this.#store.put(id, step.record)
    } catch (error) {
      // The write failed, so the event did not happen: put the actor back where the record is.
      xactor.stop()
      if (actor !== undefined) actor.actor = this.#host.spawn(record)
      throw error
    }

    const previous = actor?.run
    if (step.reentered) previous?.controller.abort()
    const keepsActor =
      !this.definition.isFinal(step.state) &&
      !(this.definition.isParked(step.state) && step.entry === undefined)
    const next: Actor<R> = { actor: xactor, record: step.record, run: step.reentered ? undefined : previous }
    if (keepsActor) this.#actors.set(id, next)
    else {
      xactor.stop()
      this.#actors.delete(id)
    }

    this.#applied++
    this.#notifier.notify(event, step.record)
    if (step.entry !== undefined && keepsActor) this.#startEntry(id, step.entry, next)
    return step.record
  }

  #startEntry(id: string, state: S, actor: Actor<R>): void {
    const entry = this.definition.entryFunction(state)
    if (entry === undefined) return
    const run: Run = { controller: new AbortController() }
    actor.run = run
    const trigger = (event: E): Promise<boolean> => this.#trigger(id, run, event)
    const context = { id, record: actor.record, env: this.#env, signal: run.controller.signal, trigger }
    const done = Promise.resolve()
      .then(() => entry.run(context))
      .then(
        (event) => {
          if (event !== undefined) void trigger(event as E)
        },
        (error: unknown) => {
          if (run.controller.signal.aborted) return
          void trigger(this.definition.spec.failureEvent(`${entry.name}: ${messageOf(error)}`, state))
        },
      )
      .finally(() => {
        this.#running.delete(done)
        // A parked record gives its actor up once its entry function has returned. The release
        // goes through the record's queue, after any event the run triggered and still applies.
        if (this.definition.isParked(state)) void this.#queue.run(id, async () => this.#release(id, run))
      })
    this.#running.add(done)
  }

  #release(id: string, run: Run): void {
    const current = this.#actors.get(id)
    if (current?.run !== run) return
    current.actor.stop()
    this.#actors.delete(id)
  }

  #trigger(id: string, run: Run, event: E): Promise<boolean> {
    if (run.controller.signal.aborted) return Promise.resolve(false)
    return this.#queue
      .run(id, () => this.#apply(id, event, run, undefined))
      .then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof SupersededError) && !(error instanceof NotStartedError)) {
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
