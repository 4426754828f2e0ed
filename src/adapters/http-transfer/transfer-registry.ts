/**
 * The client's transfer registry (the client lifecycle's `ClientTransferRegistry`) over a CAR
 * server: each mk/1.2 deal gets its own registration (own path, own token), released when the
 * deal no longer needs it.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { AbortError, PayloadNotFoundError } from '../../errors.ts'
import { type DealUUID, formatDealUuid } from '../../market/mk12/uuid.ts'
import type { AbortOptions } from '../node.ts'
import type { CarPayload, CarServer, Transfer } from './types.ts'

/** Finds the CAR of a payload root (a `buildCar` result's `car`, a CAR file, …). */
export type CarLookup = (root: CID) => CarPayload | undefined | Promise<CarPayload | undefined>

/** The deal a registration is for (the client's `ClientTransferRegistry.register` argument). */
export interface DealPayload {
  readonly dealUuid: DealUUID
  readonly root: CID
}

/**
 * Serves each deal's CAR from `server`, found with `lookup`.
 *
 * @example
 * const registry = new HttpTransferRegistry(server, (root) => cars.get(root.toString()))
 * const client = createStorageClient({ ..., transferRegistry: registry })
 */
export class HttpTransferRegistry {
  readonly #server: CarServer
  readonly #lookup: CarLookup
  /** Registration id per deal UUID (text form). */
  readonly #registrations = new Map<string, string>()

  constructor(server: CarServer, lookup: CarLookup) {
    this.#server = server
    this.#lookup = lookup
  }

  /**
   * Serve the CAR of `payload.root` for the deal and return the `Transfer` for its DealParams.
   * Registering a deal again replaces its registration. Rejects with PayloadNotFoundError for an
   * unknown root.
   */
  async register(payload: DealPayload, options?: AbortOptions): Promise<Transfer> {
    if (options?.signal?.aborted === true) throw new AbortError()
    const car = await this.#lookup(payload.root)
    if (car === undefined) throw new PayloadNotFoundError(payload.root.toString())
    const registration = await this.#server.register(payload.root, car, options)
    const key = formatDealUuid(payload.dealUuid)
    const earlier = this.#registrations.get(key)
    if (earlier !== undefined) this.#server.unregister(earlier)
    this.#registrations.set(key, registration.id)
    return registration.transfer
  }

  /** Stop serving the deal's CAR; unknown deals are ignored. */
  release(dealUuid: DealUUID): void {
    const key = formatDealUuid(dealUuid)
    const id = this.#registrations.get(key)
    if (id === undefined) return
    this.#registrations.delete(key)
    this.#server.unregister(id)
  }
}
