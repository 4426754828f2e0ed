/**
 * Wire forms of DealProposal and ClientDealProposal (go-state-types v9 market, tuple encoded) and
 * of a lone DealLabel.
 *
 * @module
 */

import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type DecodeOptions,
  decodeWith,
  encodeWith,
  type Field,
  tupleOf,
} from '../cbor/field.ts'
import { boolField, intField, uintField } from '../cbor/scalars.ts'
import { addressField, cidField, labelField, signatureField, tokenAmountField } from '../cbor/values.ts'
import type { ClientDealProposal, DealProposal } from '../deal-proposal.ts'
import type { DealLabel } from '../label.ts'

/** DealProposal as an 11-element tuple. */
export const dealProposalField: Field<DealProposal> = tupleOf<DealProposal>({
  PieceCID: cidField,
  PieceSize: uintField,
  VerifiedDeal: boolField,
  Client: addressField,
  Provider: addressField,
  Label: labelField,
  StartEpoch: intField,
  EndEpoch: intField,
  StoragePricePerEpoch: tokenAmountField,
  ProviderCollateral: tokenAmountField,
  ClientCollateral: tokenAmountField,
})

/** ClientDealProposal as a 2-element tuple: [DealProposal, signature]. */
export const clientDealProposalField: Field<ClientDealProposal> = tupleOf<ClientDealProposal>({
  Proposal: dealProposalField,
  ClientSignature: signatureField,
})

/** The CBOR of a DealProposal: exactly the bytes the client signs. Throws EncodeError. */
export function encodeDealProposal(proposal: DealProposal): Uint8Array {
  return encodeWith(dealProposalField, proposal, 'DealProposal')
}

/** Reads a DealProposal. Throws DecodeError only. */
export function decodeDealProposal(bytes: Uint8Array, options?: DecodeOptions): DealProposal {
  return decodeWith(dealProposalField, bytes, 'DealProposal', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/** The CBOR of a signed proposal: exactly the bytes hashed into the proposal CID. Throws EncodeError. */
export function encodeClientDealProposal(proposal: ClientDealProposal): Uint8Array {
  return encodeWith(clientDealProposalField, proposal, 'ClientDealProposal')
}

/** Reads a signed proposal. Throws DecodeError only. */
export function decodeClientDealProposal(bytes: Uint8Array, options?: DecodeOptions): ClientDealProposal {
  return decodeWith(clientDealProposalField, bytes, 'ClientDealProposal', options, DEFAULT_MAX_MESSAGE_BYTES)
}

/**
 * A label as one CBOR item: a text string for a string label, a byte string for a bytes label.
 * The 256-byte limit is not applied here (it is a validation rule; see labelFromString).
 */
export function encodeDealLabel(label: DealLabel): Uint8Array {
  return encodeWith(labelField, label, 'DealLabel')
}

/** Reads a label item: text (must be valid UTF-8) or bytes. Throws DecodeError only. */
export function decodeDealLabel(bytes: Uint8Array, options?: DecodeOptions): DealLabel {
  return decodeWith(labelField, bytes, 'DealLabel', options, DEFAULT_MAX_MESSAGE_BYTES)
}
