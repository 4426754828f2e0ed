import { MemoryDatastore } from 'datastore-core'
import type { Key } from 'interface-datastore'

type Method = 'get' | 'has' | 'put'

/**
 * A memory datastore whose chosen methods never answer (and ignore their AbortSignal, the worst
 * case) until {@link HangingDatastore.release} lets the held calls through.
 */
export class HangingDatastore extends MemoryDatastore {
  readonly hang = new Set<Method>()
  /** Calls made to each method, hung or not. */
  readonly calls: Record<Method, number> = { get: 0, has: 0, put: 0 }
  readonly #held: (() => void)[] = []

  override async get(key: Key): Promise<Uint8Array> {
    this.calls.get++
    await this.#maybeHang('get')
    return super.get(key)
  }

  override async has(key: Key): Promise<boolean> {
    this.calls.has++
    await this.#maybeHang('has')
    return super.has(key)
  }

  override async put(key: Key, value: Uint8Array): Promise<Key> {
    this.calls.put++
    await this.#maybeHang('put')
    return super.put(key, value)
  }

  /** Calls currently held. */
  get held(): number {
    return this.#held.length
  }

  /** Stop hanging, and let every held call go on to the memory store. */
  release(): void {
    this.hang.clear()
    for (const go of this.#held.splice(0)) go()
  }

  async #maybeHang(method: Method): Promise<void> {
    if (this.hang.has(method)) await new Promise<void>((resolve) => this.#held.push(resolve))
  }
}
