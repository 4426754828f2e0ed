/**
 * Wire forms of the ask protocol `/fil/storage/ask/1.1.0` and of the stored ask, all map encoded.
 *
 * @module
 */

import type { SignedStorageAsk, StorageAsk } from '../ask.ts'
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type DecodeOptions,
  decodeWith,
  encodeWith,
  type Field,
  mapOf,
  nullable,
} from '../cbor/field.ts'
import { intField, uintField } from '../cbor/scalars.ts'
import { addressField, signatureField, tokenAmountField } from '../cbor/values.ts'
import type { AskRequest, AskResponse } from '../messages.ts'

/** StorageAsk, map encoded. Miner is required: an undefined address has no wire form. */
export const storageAskField: Field<StorageAsk> = mapOf<StorageAsk>({
  Price: tokenAmountField,
  VerifiedPrice: tokenAmountField,
  MinPieceSize: uintField,
  MaxPieceSize: uintField,
  Miner: addressField,
  Timestamp: intField,
  Expiry: intField,
  SeqNo: uintField,
})

/** SignedStorageAsk, map encoded. */
export const signedStorageAskField: Field<SignedStorageAsk> = mapOf<SignedStorageAsk>({
  Ask: nullable(storageAskField),
  Signature: nullable(signatureField),
})

/** AskRequest, map encoded. */
export const askRequestField: Field<AskRequest> = mapOf<AskRequest>({ Miner: addressField })

/** AskResponse, map encoded. */
export const askResponseField: Field<AskResponse> = mapOf<AskResponse>({
  Ask: nullable(signedStorageAskField),
})

/** The CBOR of a StorageAsk: the bytes the provider worker signs. Throws EncodeError. */
export function encodeStorageAsk(value: StorageAsk): Uint8Array {
  return encodeWith(storageAskField, value, 'StorageAsk')
}

/** Reads a StorageAsk. Throws DecodeError only. */
export function decodeStorageAsk(bytes: Uint8Array, options?: DecodeOptions): StorageAsk {
  return decodeWith(storageAskField, bytes, 'StorageAsk', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a SignedStorageAsk (also its stored form). Throws EncodeError. */
export function encodeSignedStorageAsk(value: SignedStorageAsk): Uint8Array {
  return encodeWith(signedStorageAskField, value, 'SignedStorageAsk')
}

/** Reads a SignedStorageAsk. Throws DecodeError only. */
export function decodeSignedStorageAsk(bytes: Uint8Array, options?: DecodeOptions): SignedStorageAsk {
  return decodeWith(signedStorageAskField, bytes, 'SignedStorageAsk', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of an AskRequest. Throws EncodeError. */
export function encodeAskRequest(value: AskRequest): Uint8Array {
  return encodeWith(askRequestField, value, 'AskRequest')
}

/** Reads an AskRequest. Throws DecodeError only. */
export function decodeAskRequest(bytes: Uint8Array, options?: DecodeOptions): AskRequest {
  return decodeWith(askRequestField, bytes, 'AskRequest', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of an AskResponse. Throws EncodeError. */
export function encodeAskResponse(value: AskResponse): Uint8Array {
  return encodeWith(askResponseField, value, 'AskResponse')
}

/** Reads an AskResponse. Throws DecodeError only. */
export function decodeAskResponse(bytes: Uint8Array, options?: DecodeOptions): AskResponse {
  return decodeWith(askResponseField, bytes, 'AskResponse', options, DEFAULT_MAX_MESSAGE_BYTES)
}
