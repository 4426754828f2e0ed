/**
 * Telling when the embedded market is quiet. Deals react to a new epoch through chains of
 * promises, datastore writes (real I/O with LevelDB) and transfer pumps; the market moves time on
 * only once nothing has happened for a few turns of the event loop and no tracked I/O is pending.
 *
 * @module
 */
import { macrotask } from '../fsm/virtual-clock.ts'

/** Turns of the event loop without any activity that count as quiet. */
const QUIET_TURNS = 3

/** Upper bound on the turns one wait may take, so a market that never settles still moves on. */
const MAX_TURNS = 200_000

function nextTurn(): Promise<void> {
  return new Promise((resolve) => macrotask(resolve))
}

/** Counts activity (events, I/O in flight) so that {@link Activity.quiet} can wait for a lull. */
export class Activity {
  #inFlight = 0
  #version = 0

  /** Something happened (a deal event, a transfer event). */
  note(): void {
    this.#version++
  }

  /** Counts everything noted or tracked so far: unchanged across a wait, nothing happened meanwhile. */
  get version(): number {
    return this.#version
  }

  /** Operations in flight. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** Counts `work` as in flight until it settles. */
  async track<T>(work: T | Promise<T>): Promise<T> {
    this.#inFlight++
    this.#version++
    try {
      return await work
    } finally {
      this.#inFlight--
      this.#version++
    }
  }

  /** The same items, with every pull counted as in flight. */
  async *iterate<T>(source: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
    const iterator =
      Symbol.asyncIterator in source
        ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
        : (source as Iterable<T>)[Symbol.iterator]()
    try {
      for (;;) {
        const next = await this.track(iterator.next())
        if (next.done === true) return
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  }

  /** Resolves once nothing happened and nothing was in flight for a few turns of the event loop. */
  async quiet(): Promise<void> {
    let quietTurns = 0
    let seen = this.#version
    for (let turn = 0; quietTurns < QUIET_TURNS && turn < MAX_TURNS; turn++) {
      await nextTurn()
      if (this.#inFlight === 0 && this.#version === seen) quietTurns++
      else {
        quietTurns = 0
        seen = this.#version
      }
    }
  }
}
