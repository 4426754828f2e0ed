/**
 * The signing contract the market code depends on. A node adapter, a remote wallet or the
 * in-memory wallet can stand behind it.
 *
 * @module
 */

import type { Address } from './address.ts'
import type { Signature } from './signature.ts'

/** Options of {@link Signer.sign}. */
export interface SignOptions {
  /** Aborts the signing request. */
  readonly signal?: AbortSignal
}

/** Signs raw bytes with the key behind an address (Go `SignBytes`). */
export interface Signer {
  /**
   * Signs `bytes` with the key of `address`: secp256k1 over their blake2b-256, BLS over the bytes.
   * Rejects when no key is held for the address or when aborted.
   */
  sign(address: Address, bytes: Uint8Array, options?: SignOptions): Promise<Signature>
}
