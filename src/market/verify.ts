/**
 * Signature checks. Every function returns false for a bad signature and never throws.
 *
 * Only key addresses can be checked locally: f1 (secp256k1, by recovering the public key) and f3
 * (BLS, whose address is the public key). An f0 or f2 signer must first be resolved to its key
 * address through the chain (Go's node adapter does this in `VerifySignature`), and delegated (f4,
 * type 3) signatures are not supported here, because iso-filecoin exposes no keccak-256 recovery:
 * all of these return false.
 *
 * @module
 */

import { Signature as IsoSignature } from 'iso-filecoin/signature'
import * as wallet from 'iso-filecoin/wallet'
import type { Address } from './address.ts'
import type { SignedStorageAsk } from './ask.ts'
import { encodeStorageAsk } from './codec/ask.ts'
import { encodeResponse } from './codec/deal-messages.ts'
import { encodeDealProposal } from './codec/deal-proposal.ts'
import { dealStatusRequestSigningBytes, encodeProviderDealState } from './codec/deal-status.ts'
import type { ClientDealProposal } from './deal-proposal.ts'
import type { DealStatusRequest, DealStatusResponse, SignedResponse } from './messages.ts'
import { type Signature, SigType } from './signature.ts'

const SECP256K1_SIGNATURE_BYTES = 65
const BLS_SIGNATURE_BYTES = 96

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/**
 * True when `signature` is valid over `bytes` for the key address `signer` (f1 or f3). False for a
 * wrong or malformed signature, a type that does not match the address, and unsupported signers.
 */
export function verifySignature(signature: Signature, signer: Address, bytes: Uint8Array): boolean {
  try {
    if (signature.Type === SigType.Secp256k1 && signer.protocol === 1) {
      if (signature.Data.length !== SECP256K1_SIGNATURE_BYTES) return false
      const recovered = wallet.recoverAddress(
        new IsoSignature({ type: 'SECP256K1', data: signature.Data }),
        bytes,
        signer.network,
      )
      return sameBytes(recovered.toBytes(), signer.bytes)
    }
    if (signature.Type === SigType.BLS && signer.protocol === 3) {
      if (signature.Data.length !== BLS_SIGNATURE_BYTES) return false
      const iso = new IsoSignature({ type: 'BLS', data: signature.Data })
      return wallet.verify(iso, bytes, signer.bytes.subarray(1))
    }
    return false
  } catch {
    return false
  }
}

/** Runs a check whose bytes come from an encoder; values without a wire form simply fail. */
function verifyEncoded(signature: Signature | null, signer: Address, encode: () => Uint8Array): boolean {
  if (signature === null) return false
  let bytes: Uint8Array
  try {
    bytes = encode()
  } catch {
    return false
  }
  return verifySignature(signature, signer, bytes)
}

/**
 * Checks the client's signature over the CBOR of the proposal. `signer` defaults to the proposal's
 * Client, which must then be a key address (resolve an f0 client first and pass the result).
 */
export function verifyProposalSignature(
  proposal: ClientDealProposal,
  signer: Address = proposal.Proposal.Client,
): boolean {
  return verifyEncoded(proposal.ClientSignature, signer, () => encodeDealProposal(proposal.Proposal))
}

/** Checks the provider worker's signature over the CBOR of the response (map form, mk/1.1.x). */
export function verifySignedResponse(response: SignedResponse, worker: Address): boolean {
  return verifyEncoded(response.Signature, worker, () => encodeResponse(response.Response))
}

/** Checks the provider worker's signature over the CBOR of the ask (map form, ask/1.1.0). */
export function verifySignedStorageAsk(signed: SignedStorageAsk, worker: Address): boolean {
  const ask = signed.Ask
  if (ask === null) return false
  return verifyEncoded(signed.Signature, worker, () => encodeStorageAsk(ask))
}

/** Checks the client's signature over the CBOR of the proposal CID in a status request. */
export function verifyDealStatusRequest(request: DealStatusRequest, client: Address): boolean {
  return verifyEncoded(request.Signature, client, () => dealStatusRequestSigningBytes(request.Proposal))
}

/** Checks the provider worker's signature over the CBOR of the deal state (map form, status/1.1.0). */
export function verifyDealStatusResponse(response: DealStatusResponse, worker: Address): boolean {
  return verifyEncoded(response.Signature, worker, () => encodeProviderDealState(response.DealState))
}
