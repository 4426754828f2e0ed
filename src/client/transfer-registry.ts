/**
 * What a client needs to offer the data of a Boost (mk/1.2) online deal: a place the provider can
 * pull the deal's CAR from. The HTTP CAR server (`HttpCarServer`) is the usual backing: the
 * application registers the CAR of each payload root with it and returns the registration's
 * `transfer`.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { AbortOptions } from '../adapters/node.ts'
import { PayloadNotFoundError } from '../errors.ts'
import type { DealUUID, Transfer } from '../market/index.ts'

/** The deal whose payload is to be served. */
export interface PayloadToServe {
  /** The deal's UUID (what the registration is keyed by). */
  readonly dealUuid: DealUUID
  /** The payload root (`DealParams.DealDataRoot`). */
  readonly root: CID
  /** The proposal's piece CID: the CAR served must have exactly this commitment. */
  readonly pieceCid: CID
}

/**
 * Serves deal payloads for providers to pull. A registration must keep serving the same bytes until
 * the provider has them (its status reaches `Transferred`); the client releases it once the deal
 * is published or failed.
 */
export interface ClientTransferRegistry {
  /**
   * Start serving the CAR of `payload.root` and resolve with the `Transfer` to put in DealParams
   * (Type `http`, the URL and headers as Params JSON, the exact CAR size). Rejects when the payload
   * is unknown or cannot be served; the deal is then not proposed.
   */
  register(payload: PayloadToServe, options?: AbortOptions): Promise<Transfer>
  /** Stop serving the deal's payload; unknown UUIDs are ignored. Never rejects. */
  release(dealUuid: DealUUID, options?: AbortOptions): Promise<void> | void
}

/**
 * What {@link carServerRegistry} needs of a CAR server (`HttpCarServer` has it): register a
 * payload under a root and get the proposal's Transfer and an id to unregister it with.
 */
export interface CarServing<Payload> {
  register(
    root: CID,
    payload: Payload,
    options?: AbortOptions,
  ): Promise<{ readonly id: string; readonly transfer: Transfer }>
  unregister(id: string): void
}

/**
 * A transfer registry over a CAR server: `payloadOf(root)` finds the CAR to serve for a payload
 * root (bytes, a file, a source: whatever the server takes), or undefined when the client has none.
 * Registrations are kept in memory: after a client restart, deals still being pulled need their
 * payloads served again by the application.
 *
 * @example
 * const server = new HttpCarServer({ host: '0.0.0.0', publicUrl: 'https://client.example' })
 * await server.listen()
 * const transferRegistry = carServerRegistry(server, (root) => cars.get(root.toString()))
 */
export function carServerRegistry<Payload>(
  server: CarServing<Payload>,
  payloadOf: (root: CID) => Payload | undefined | Promise<Payload | undefined>,
): ClientTransferRegistry {
  const ids = new Map<string, string>()
  const key = (uuid: DealUUID) => Array.from(uuid, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return {
    async register(payload, options) {
      const car = await payloadOf(payload.root)
      if (car === undefined) throw new PayloadNotFoundError(payload.root.toString())
      const registration = await server.register(payload.root, car, options)
      ids.set(key(payload.dealUuid), registration.id)
      return registration.transfer
    },
    release(dealUuid) {
      const id = ids.get(key(dealUuid))
      if (id === undefined) return
      ids.delete(key(dealUuid))
      server.unregister(id)
    },
  }
}
