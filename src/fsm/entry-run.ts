import type { LiveRecord } from './live-record.ts'
import type { EntryContext, EventObject, NamedEntryFunction } from './types.ts'

/** Where a run's triggers go: the group applies them through the record's queue. */
export type TriggerSink<S extends string, R, E extends EventObject, Env> = (
  run: EntryRun<S, R, E, Env>,
  event: E,
) => Promise<boolean>

/**
 * One run of an entry function, and the context it is handed. Aborting it supersedes it: its
 * later triggers are dropped. What a run does not use costs nothing: the AbortController behind
 * `signal` is created when the entry function first reads it, the bound `trigger` likewise.
 *
 * The run also carries what its group needs to start it and to settle it (the state entered, the
 * entry function, the live record it belongs to), so starting a run costs this one object.
 */
export class EntryRun<S extends string, R, E extends EventObject, Env> implements EntryContext<R, E, Env> {
  readonly id: string
  readonly record: Readonly<R>
  readonly env: Env
  /** The state whose entry function this is a run of. */
  readonly state: S
  readonly entry: NamedEntryFunction<R, E, Env>
  /** The group's in-memory record this run belongs to. */
  readonly live: LiveRecord<S, R, E, Env>
  readonly #sink: TriggerSink<S, R, E, Env>
  #controller: AbortController | undefined
  #aborted = false
  #trigger: ((event: E) => Promise<boolean>) | undefined

  constructor(
    id: string,
    live: LiveRecord<S, R, E, Env>,
    state: S,
    entry: NamedEntryFunction<R, E, Env>,
    env: Env,
    sink: TriggerSink<S, R, E, Env>,
  ) {
    this.id = id
    this.record = live.record
    this.env = env
    this.state = state
    this.entry = entry
    this.live = live
    this.#sink = sink
  }

  /** Whether the run was superseded (its record left or re-entered the state, or the group stopped). */
  get aborted(): boolean {
    return this.#aborted
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController()
      if (this.#aborted) this.#controller.abort()
    }
    return this.#controller.signal
  }

  /** Bound to this run, so an entry function may hand it to a watcher on its own. */
  get trigger(): (event: E) => Promise<boolean> {
    this.#trigger ??= (event: E) => this.#sink(this, event)
    return this.#trigger
  }

  /** Whether the entry function took its signal or its trigger: only then can the run act after returning. */
  get handedOut(): boolean {
    return this.#controller !== undefined || this.#trigger !== undefined
  }

  abort(): void {
    if (this.#aborted) return
    this.#aborted = true
    this.#controller?.abort()
  }
}
