/**
 * Signing and checking a status 1.2.0 request: the client's wallet signature over the 16 raw bytes
 * of the deal UUID (not CBOR, not the text form). Deal and status responses of mk/1.2 are unsigned.
 *
 * @module
 */

import type { Address } from '../address.ts'
import type { Signer, SignOptions } from '../signer.ts'
import { verifySignature } from '../verify.ts'
import { mk12DealStatusRequestSigningBytes } from './codec.ts'
import type { Mk12DealStatusRequest } from './types.ts'
import { type DealUUID, isDealUuid } from './uuid.ts'

/** A status 1.2.0 request for `uuid`, signed by `client` (the proposal's Client, as a key address the signer holds). */
export async function signMk12DealStatusRequest(
  signer: Signer,
  client: Address,
  uuid: DealUUID,
  options?: SignOptions,
): Promise<Mk12DealStatusRequest> {
  const bytes = mk12DealStatusRequestSigningBytes(uuid)
  const Signature = await signer.sign(client, bytes, options)
  return { DealUUID: bytes, Signature }
}

/**
 * True when the request's signature is valid over its UUID bytes for the key address `client`
 * (resolve an ID address to its key address first). Never throws.
 */
export function verifyMk12DealStatusRequest(request: Mk12DealStatusRequest, client: Address): boolean {
  if (!isDealUuid(request.DealUUID)) return false
  return verifySignature(request.Signature, client, request.DealUUID)
}
