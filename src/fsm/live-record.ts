import type { AnyActor } from 'xstate'
import type { EntryRun } from './entry-run.ts'
import type { EventObject } from './types.ts'

/**
 * A record a state group holds in memory: its latest record, the entry function run current for
 * it, and its xstate actor. One object for the record's whole stay in memory (each event updates
 * it in place). The actor is spawned when the record's first event arrives (a restored or new
 * record has none yet), and dropped when a write fails so the next event spawns it again from the
 * record.
 */
export class LiveRecord<S extends string, R, E extends EventObject, Env> {
  record: R
  run: EntryRun<S, R, E, Env> | undefined = undefined
  actor: AnyActor | undefined = undefined

  constructor(record: R) {
    this.record = record
  }
}
