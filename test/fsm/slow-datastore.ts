import { MemoryDatastore } from 'datastore-core'
import type { Key } from 'interface-datastore'

/** A memory datastore whose writes wait until {@link SlowDatastore.flush} while `delayPuts` is set. */
export class SlowDatastore extends MemoryDatastore {
  delayPuts = false
  readonly #waiting: (() => void)[] = []

  override async put(key: Key, value: Uint8Array): Promise<Key> {
    if (this.delayPuts) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    return super.put(key, value)
  }

  /** Writes currently held back. */
  get waiting(): number {
    return this.#waiting.length
  }

  /** Let every delayed write through, and the ones they cause, for a few turns of the event loop. */
  async flush(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      for (const resolve of this.#waiting.splice(0)) resolve()
      await new Promise((r) => setImmediate(r))
    }
  }
}
