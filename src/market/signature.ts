/**
 * Signatures as Filecoin writes them: a type byte followed by the signature data.
 *
 * @module
 */

import { InvalidSignatureError } from '../errors.ts'

/** Signature type codes (go-state-types `crypto.SigType`). */
export const SigType = {
  /** secp256k1 ECDSA over the blake2b-256 of the message; 65 bytes (r, s, recovery id). */
  Secp256k1: 1,
  /** BLS12-381 with public keys in G1; 96-byte signature over the message itself. */
  BLS: 2,
  /** Delegated (f4 / Ethereum accounts): secp256k1 over the keccak-256 of the message. */
  Delegated: 3,
} as const

/** One of the {@link SigType} codes. */
export type SigTypeCode = (typeof SigType)[keyof typeof SigType]

/** A signature (Go `crypto.Signature`). */
export interface Signature {
  /** Signature type. */
  readonly Type: SigTypeCode
  /** Raw signature bytes, without the type byte. */
  readonly Data: Uint8Array
}

/** Longest accepted byte form (type byte included), as in go-state-types. */
export const MAX_SIGNATURE_BYTES = 200

/** True for 1, 2 and 3. */
export function isSigTypeCode(value: unknown): value is SigTypeCode {
  return value === 1 || value === 2 || value === 3
}

/** The wire byte form: type byte, then data. Throws InvalidSignatureError for unknown types or oversize data. */
export function signatureToBytes(signature: Signature): Uint8Array {
  if (!isSigTypeCode(signature.Type))
    throw new InvalidSignatureError(`unknown signature type ${signature.Type}`)
  if (!(signature.Data instanceof Uint8Array)) throw new InvalidSignatureError('signature data must be bytes')
  if (signature.Data.length + 1 > MAX_SIGNATURE_BYTES) {
    throw new InvalidSignatureError(
      `signature of ${signature.Data.length + 1} bytes exceeds ${MAX_SIGNATURE_BYTES}`,
    )
  }
  const out = new Uint8Array(signature.Data.length + 1)
  out[0] = signature.Type
  out.set(signature.Data, 1)
  return out
}

/**
 * Reads the wire byte form. The data length is not checked against the type (go-state-types does
 * not either); verification fails for wrong lengths instead. Throws InvalidSignatureError for an
 * empty or oversize input or an unknown type byte.
 */
export function signatureFromBytes(bytes: Uint8Array): Signature {
  if (bytes.length === 0) throw new InvalidSignatureError('empty signature')
  if (bytes.length > MAX_SIGNATURE_BYTES) {
    throw new InvalidSignatureError(`signature of ${bytes.length} bytes exceeds ${MAX_SIGNATURE_BYTES}`)
  }
  const type = bytes[0]
  if (!isSigTypeCode(type)) throw new InvalidSignatureError(`unknown signature type ${type}`)
  return { Type: type, Data: new Uint8Array(bytes.subarray(1)) }
}
