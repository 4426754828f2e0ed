import { MemoryDatastore } from 'datastore-core'
import type { Key } from 'interface-datastore'

/**
 * A memory datastore whose writes can be made to fail once, to play a crash between two writes
 * (for instance between creating a deal and opening it).
 */
export class FlakyDatastore extends MemoryDatastore {
  #okBeforeFailure: number | undefined

  /** Let `ok` more writes succeed, then fail the next one (once). */
  failWriteAfter(ok: number): void {
    this.#okBeforeFailure = ok
  }

  override put(
    key: Key,
    value: Uint8Array,
    options?: Parameters<MemoryDatastore['put']>[2],
  ): Key | Promise<Key> {
    if (this.#okBeforeFailure !== undefined) {
      if (this.#okBeforeFailure === 0) {
        this.#okBeforeFailure = undefined
        throw new Error('disk full')
      }
      this.#okBeforeFailure--
    }
    return super.put(key, value, options)
  }
}
