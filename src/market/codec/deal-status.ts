/**
 * Wire forms of the deal-status protocol `/fil/storage/status/1.1.0`, all map encoded, and the
 * bytes a status request's signature covers.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
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
import type { DealStatusRequest, DealStatusResponse } from '../messages.ts'
import type { ProviderDealState } from '../provider-deal-state.ts'
import { dealProposalField } from './deal-proposal.ts'

const providerDealStateFields = {
  State: statusField,
  Message: stringField,
  Proposal: nullable(dealProposalField),
  ProposalCid: nullable(cidField),
  AddFundsCid: nullable(cidField),
  PublishCid: nullable(cidField),
  DealID: uintField,
  FastRetrieval: boolField,
}

/** ProviderDealState, map encoded. Every field has a zero value, so an absent state reads as the zero state. */
export const providerDealStateField: Field<ProviderDealState> = mapOf<ProviderDealState>(
  providerDealStateFields,
  () => ({
    State: 'StorageDealUnknown',
    Message: '',
    Proposal: null,
    ProposalCid: null,
    AddFundsCid: null,
    PublishCid: null,
    DealID: 0,
    FastRetrieval: false,
  }),
)

/** DealStatusRequest, map encoded; both fields are required. */
export const dealStatusRequestField: Field<DealStatusRequest> = mapOf<DealStatusRequest>({
  Proposal: cidField,
  Signature: signatureField,
})

/** DealStatusResponse, map encoded; the signature is required. */
export const dealStatusResponseField: Field<DealStatusResponse> = mapOf<DealStatusResponse>({
  DealState: providerDealStateField,
  Signature: signatureField,
})

/** The bytes a DealStatusRequest signature covers: the proposal CID alone as a CBOR item (tag 42). */
export function dealStatusRequestSigningBytes(proposalCid: CID): Uint8Array {
  return encodeWith(cidField, proposalCid, 'DealStatusRequest.Proposal')
}

/** The CBOR of a ProviderDealState: the bytes the provider worker signs. Throws EncodeError. */
export function encodeProviderDealState(value: ProviderDealState): Uint8Array {
  return encodeWith(providerDealStateField, value, 'ProviderDealState')
}

/** Reads a ProviderDealState. Throws DecodeError only. */
export function decodeProviderDealState(bytes: Uint8Array, options?: DecodeOptions): ProviderDealState {
  return decodeWith(providerDealStateField, bytes, 'ProviderDealState', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a DealStatusRequest. Throws EncodeError. */
export function encodeDealStatusRequest(value: DealStatusRequest): Uint8Array {
  return encodeWith(dealStatusRequestField, value, 'DealStatusRequest')
}

/** Reads a DealStatusRequest. Throws DecodeError only. */
export function decodeDealStatusRequest(bytes: Uint8Array, options?: DecodeOptions): DealStatusRequest {
  return decodeWith(dealStatusRequestField, bytes, 'DealStatusRequest', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a DealStatusResponse. Throws EncodeError. */
export function encodeDealStatusResponse(value: DealStatusResponse): Uint8Array {
  return encodeWith(dealStatusResponseField, value, 'DealStatusResponse')
}

/** Reads a DealStatusResponse. Throws DecodeError only. */
export function decodeDealStatusResponse(bytes: Uint8Array, options?: DecodeOptions): DealStatusResponse {
  return decodeWith(dealStatusResponseField, bytes, 'DealStatusResponse', options, DEFAULT_MAX_MESSAGE_BYTES)
}
