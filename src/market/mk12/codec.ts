/**
 * CBOR codecs of Boost's deal and status messages (cbor-gen map encoding: keys are the Go field
 * names, written shorter-first then bytewise; any key order read, unknown keys skipped, absent keys
 * take their zero value). Nested go-state-types values keep their tuple encodings.
 *
 * Limits, as Boost's generated code: text strings ≤ 8192 bytes, `Transfer.Params` ≤ 2 MiB, labels
 * ≤ 2 MiB, deal UUIDs exactly 16 bytes. Whole-message limits bound what a reader buffers; the
 * defaults are the largest message those field limits allow.
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
import { boolField, uintField } from '../cbor/scalars.ts'
import { cidField, signatureField } from '../cbor/values.ts'
import { clientDealProposalField, dealProposalField } from '../codec/deal-proposal.ts'
import { limitedStringField, MK12_MAX_PARAMS_BYTES, paramsField, uuidField } from './fields.ts'
import type {
  DealParams,
  DealParamsV120,
  DealResponse,
  Mk12DealStatus,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
  Transfer,
} from './types.ts'
import { type DealUUID, dealUuidFromBytes } from './uuid.ts'

/** Largest label the codec reads (go-state-types' limit; 256 bytes is a validation rule). */
const MAX_LABEL_BYTES = 2 * 1024 * 1024

/** Default input limit of a DealParams: room for a 2 MiB Params and a 2 MiB label. */
export const MK12_MAX_DEAL_PARAMS_BYTES = MK12_MAX_PARAMS_BYTES + MAX_LABEL_BYTES + 64 * 1024

/** Default input limit of a status response: room for a proposal with a 2 MiB label. */
export const MK12_MAX_STATUS_RESPONSE_BYTES = MAX_LABEL_BYTES + 64 * 1024

/** Default input limit of a deal response and of a status request. */
export const MK12_MAX_SMALL_MESSAGE_BYTES = DEFAULT_MAX_MESSAGE_BYTES

/** Transfer, map encoded (keys Size, Type, Params, ClientID). Absent reads as the zero (offline) transfer. */
export const transferField: Field<Transfer> = mapOf<Transfer>(
  {
    Type: limitedStringField,
    ClientID: limitedStringField,
    Params: paramsField,
    Size: uintField,
  },
  () => ({ Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 }),
)

const dealParamsV120Fields = {
  DealUUID: uuidField,
  IsOffline: boolField,
  ClientDealProposal: clientDealProposalField,
  DealDataRoot: cidField,
  Transfer: transferField,
}

/** DealParams, map of 7. ClientDealProposal and DealDataRoot are required; absent flags read as false. */
export const dealParamsField: Field<DealParams> = mapOf<DealParams>({
  ...dealParamsV120Fields,
  RemoveUnsealedCopy: boolField,
  SkipIPNIAnnounce: boolField,
})

/** DealParamsV120, map of 5 (what a pure 1.2.0 client writes). */
export const dealParamsV120Field: Field<DealParamsV120> = mapOf<DealParamsV120>(dealParamsV120Fields)

/** DealResponse, map of 2 (keys Message, Accepted). */
export const dealResponseField: Field<DealResponse> = mapOf<DealResponse>({
  Accepted: boolField,
  Message: limitedStringField,
})

/** Status request, map of 2 (keys DealUUID, Signature); the signature is required. */
export const mk12DealStatusRequestField: Field<Mk12DealStatusRequest> = mapOf<Mk12DealStatusRequest>({
  DealUUID: uuidField,
  Signature: signatureField,
})

/** DealStatus, map of 7. Proposal and SignedProposalCid are required. */
export const mk12DealStatusField: Field<Mk12DealStatus> = mapOf<Mk12DealStatus>({
  Error: limitedStringField,
  Status: limitedStringField,
  SealingStatus: limitedStringField,
  Proposal: dealProposalField,
  SignedProposalCid: cidField,
  PublishCid: nullable(cidField),
  ChainDealID: uintField,
})

/** Status response, map of 6; DealStatus may be null. */
export const mk12DealStatusResponseField: Field<Mk12DealStatusResponse> = mapOf<Mk12DealStatusResponse>({
  DealUUID: uuidField,
  Error: limitedStringField,
  DealStatus: nullable(mk12DealStatusField),
  IsOffline: boolField,
  TransferSize: uintField,
  NBytesReceived: uintField,
})

/** The CBOR of a DealParams (7 keys, as a 1.2.1 client and the Boost library client write). Throws EncodeError. */
export function encodeDealParams(value: DealParams): Uint8Array {
  return encodeWith(dealParamsField, value, 'DealParams')
}

/** The CBOR of the 5-key DealParamsV120 (extra properties of `value` are ignored). Throws EncodeError. */
export function encodeDealParamsV120(value: DealParamsV120): Uint8Array {
  return encodeWith(dealParamsV120Field, value, 'DealParams')
}

/**
 * Reads a DealParams in either form (5 or 7 keys, any order); absent flags read as false.
 * Throws DecodeError only.
 */
export function decodeDealParams(bytes: Uint8Array, options?: DecodeOptions): DealParams {
  return decodeWith(dealParamsField, bytes, 'DealParams', options, MK12_MAX_DEAL_PARAMS_BYTES)
}

/** The CBOR of a Transfer. Throws EncodeError. */
export function encodeTransfer(value: Transfer): Uint8Array {
  return encodeWith(transferField, value, 'Transfer')
}

/** Reads a Transfer. Throws DecodeError only. */
export function decodeTransfer(bytes: Uint8Array, options?: DecodeOptions): Transfer {
  return decodeWith(transferField, bytes, 'Transfer', options, MK12_MAX_PARAMS_BYTES + 64 * 1024)
}

/** The CBOR of a DealResponse. Throws EncodeError. */
export function encodeDealResponse(value: DealResponse): Uint8Array {
  return encodeWith(dealResponseField, value, 'DealResponse')
}

/** Reads a DealResponse. Throws DecodeError only. */
export function decodeDealResponse(bytes: Uint8Array, options?: DecodeOptions): DealResponse {
  return decodeWith(dealResponseField, bytes, 'DealResponse', options, MK12_MAX_SMALL_MESSAGE_BYTES)
}

/** The CBOR of a status 1.2.0 request. Throws EncodeError. */
export function encodeMk12DealStatusRequest(value: Mk12DealStatusRequest): Uint8Array {
  return encodeWith(mk12DealStatusRequestField, value, 'DealStatusRequest')
}

/** Reads a status 1.2.0 request. Throws DecodeError only. */
export function decodeMk12DealStatusRequest(
  bytes: Uint8Array,
  options?: DecodeOptions,
): Mk12DealStatusRequest {
  return decodeWith(
    mk12DealStatusRequestField,
    bytes,
    'DealStatusRequest',
    options,
    MK12_MAX_SMALL_MESSAGE_BYTES,
  )
}

/** The CBOR of a DealStatus. Throws EncodeError. */
export function encodeMk12DealStatus(value: Mk12DealStatus): Uint8Array {
  return encodeWith(mk12DealStatusField, value, 'DealStatus')
}

/** Reads a DealStatus. Throws DecodeError only. */
export function decodeMk12DealStatus(bytes: Uint8Array, options?: DecodeOptions): Mk12DealStatus {
  return decodeWith(mk12DealStatusField, bytes, 'DealStatus', options, MK12_MAX_STATUS_RESPONSE_BYTES)
}

/** The CBOR of a status 1.2.0 response. Throws EncodeError. */
export function encodeMk12DealStatusResponse(value: Mk12DealStatusResponse): Uint8Array {
  return encodeWith(mk12DealStatusResponseField, value, 'DealStatusResponse')
}

/** Reads a status 1.2.0 response. Throws DecodeError only. */
export function decodeMk12DealStatusResponse(
  bytes: Uint8Array,
  options?: DecodeOptions,
): Mk12DealStatusResponse {
  return decodeWith(
    mk12DealStatusResponseField,
    bytes,
    'DealStatusResponse',
    options,
    MK12_MAX_STATUS_RESPONSE_BYTES,
  )
}

/**
 * The bytes a status 1.2.0 request's signature covers: the 16 raw UUID bytes (a copy).
 * Throws InvalidDealUuidError unless `uuid` has 16 bytes.
 */
export function mk12DealStatusRequestSigningBytes(uuid: DealUUID): Uint8Array {
  return dealUuidFromBytes(uuid)
}
