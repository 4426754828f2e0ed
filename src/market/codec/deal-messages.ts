/**
 * Wire forms of the deal protocol `/fil/storage/mk/1.1.1`: Proposal (client → provider) and
 * SignedResponse (provider → client), both map encoded, and the DataRef inside a proposal.
 *
 * @module
 */

import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type DecodeOptions,
  decodeWith,
  encodeWith,
  type Field,
  mapOf,
  nullable,
} from '../cbor/field.ts'
import { boolField, stringField, uintField } from '../cbor/scalars.ts'
import { cidField, signatureField, statusField } from '../cbor/values.ts'
import type { DataRef } from '../data-ref.ts'
import type { Proposal, Response, SignedResponse } from '../messages.ts'
import { clientDealProposalField } from './deal-proposal.ts'

/** DataRef, map encoded (keys Root, PieceCid, PieceSize, RawBlockSize, TransferType). */
export const dataRefField: Field<DataRef> = mapOf<DataRef>({
  TransferType: stringField,
  Root: cidField,
  PieceCid: nullable(cidField),
  PieceSize: uintField,
  RawBlockSize: uintField,
})

/** Network Proposal, map encoded. */
export const proposalField: Field<Proposal> = mapOf<Proposal>({
  DealProposal: nullable(clientDealProposalField),
  Piece: nullable(dataRefField),
  FastRetrieval: boolField,
})

/** Response, map encoded. Proposal is required: an undefined CID has no wire form. */
export const responseField: Field<Response> = mapOf<Response>({
  State: statusField,
  Message: stringField,
  Proposal: cidField,
  PublishMessage: nullable(cidField),
})

/** SignedResponse, map encoded. */
export const signedResponseField: Field<SignedResponse> = mapOf<SignedResponse>({
  Response: responseField,
  Signature: nullable(signatureField),
})

/** The CBOR of a DataRef. Throws EncodeError. */
export function encodeDataRef(value: DataRef): Uint8Array {
  return encodeWith(dataRefField, value, 'DataRef')
}

/** Reads a DataRef. Throws DecodeError only. */
export function decodeDataRef(bytes: Uint8Array, options?: DecodeOptions): DataRef {
  return decodeWith(dataRefField, bytes, 'DataRef', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a network Proposal. Throws EncodeError. */
export function encodeProposal(value: Proposal): Uint8Array {
  return encodeWith(proposalField, value, 'Proposal')
}

/** Reads a network Proposal. Throws DecodeError only. */
export function decodeProposal(bytes: Uint8Array, options?: DecodeOptions): Proposal {
  return decodeWith(proposalField, bytes, 'Proposal', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a Response: the bytes the provider worker signs. Throws EncodeError. */
export function encodeResponse(value: Response): Uint8Array {
  return encodeWith(responseField, value, 'Response')
}

/** Reads a Response. Throws DecodeError only. */
export function decodeResponse(bytes: Uint8Array, options?: DecodeOptions): Response {
  return decodeWith(responseField, bytes, 'Response', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a SignedResponse. Throws EncodeError. */
export function encodeSignedResponse(value: SignedResponse): Uint8Array {
  return encodeWith(signedResponseField, value, 'SignedResponse')
}

/** Reads a SignedResponse. Throws DecodeError only. */
export function decodeSignedResponse(bytes: Uint8Array, options?: DecodeOptions): SignedResponse {
  return decodeWith(signedResponseField, bytes, 'SignedResponse', options, DEFAULT_MAX_MESSAGE_BYTES)
}
