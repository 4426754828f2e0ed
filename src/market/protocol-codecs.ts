/**
 * What goes on each market protocol: the request and response codecs and their read limits. The
 * mk/1.1 responses come with the bytes their signature covers, obtained by re-encoding the decoded
 * value (interfaces.md §4).
 *
 * @module
 */

import { DecodeError } from '../errors.ts'
import {
  type AskRequest,
  type AskResponse,
  DEFAULT_MAX_MESSAGE_BYTES,
  type DealParams,
  type DealResponse,
  type DealStatusRequest,
  type DealStatusResponse,
  decodeAskRequest,
  decodeAskResponse,
  decodeDealParams,
  decodeDealResponse,
  decodeDealStatusRequest,
  decodeDealStatusResponse,
  decodeMk12DealStatusRequest,
  decodeMk12DealStatusResponse,
  decodeProposal,
  decodeSignedResponse,
  encodeAskRequest,
  encodeAskResponse,
  encodeDealParams,
  encodeDealResponse,
  encodeDealStatusRequest,
  encodeDealStatusResponse,
  encodeMk12DealStatusRequest,
  encodeMk12DealStatusResponse,
  encodeProposal,
  encodeProviderDealState,
  encodeResponse,
  encodeSignedResponse,
  encodeStorageAsk,
  MK12_MAX_DEAL_PARAMS_BYTES,
  MK12_MAX_SMALL_MESSAGE_BYTES,
  MK12_MAX_STATUS_RESPONSE_BYTES,
  type Mk12DealStatusRequest,
  type Mk12DealStatusResponse,
  type Proposal,
  type SignedResponse,
} from './index.ts'

/** Encoder, decoder and default read limit of one message. */
export interface MessageCodec<T> {
  /** Name used in errors. */
  readonly name: string
  encode(value: T): Uint8Array
  decode(bytes: Uint8Array, options: { maxBytes: number }): T
  /** Largest message read by default. */
  readonly maxBytes: number
}

/** A response codec: also gives the bytes the response's signature covers (empty when unsigned). */
export interface ResponseCodec<T> extends MessageCodec<T> {
  signedBytes(value: T): Uint8Array
}

/** A request codec and a response codec. */
export interface ExchangeCodecs<Req, Res> {
  readonly request: MessageCodec<Req>
  readonly response: ResponseCodec<Res>
}

/**
 * Largest mk/1.1 deal proposal: the label may be up to 2 MiB at the codec level (as in mk/1.2), so
 * a proposal gets the same room as a DealParams; the other mk/1.1 messages get 64 KiB.
 */
export const MK11_MAX_PROPOSAL_BYTES = MK12_MAX_DEAL_PARAMS_BYTES

/** mk/1.1.1: Proposal / SignedResponse. */
export const MK111_DEAL: ExchangeCodecs<Proposal, SignedResponse> = {
  request: {
    name: 'Proposal',
    encode: encodeProposal,
    decode: decodeProposal,
    maxBytes: MK11_MAX_PROPOSAL_BYTES,
  },
  response: {
    name: 'SignedResponse',
    encode: encodeSignedResponse,
    decode: decodeSignedResponse,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
    signedBytes: (value) => encodeResponse(value.Response),
  },
}

/**
 * mk/1.1.0: the same map forms, but the provider reads the proposal with the old string-only label
 * (a byte-string label fails to decode; a text label must be UTF-8, which the current decoder
 * already requires), so its bytes and signature are those of mk/1.1.1.
 */
export const MK110_DEAL: ExchangeCodecs<Proposal, SignedResponse> = {
  request: {
    ...MK111_DEAL.request,
    decode(bytes, options) {
      const proposal = decodeProposal(bytes, options)
      if (proposal.DealProposal !== null && typeof proposal.DealProposal.Proposal.Label !== 'string') {
        throw new DecodeError(
          'wrong-type',
          'Proposal.DealProposal.Proposal.Label',
          'a mk/1.1.0 proposal label must be a text string',
        )
      }
      return proposal
    },
  },
  response: MK111_DEAL.response,
}

/** ask/1.1.0: AskRequest / AskResponse. */
export const ASK: ExchangeCodecs<AskRequest, AskResponse> = {
  request: {
    name: 'AskRequest',
    encode: encodeAskRequest,
    decode: decodeAskRequest,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  response: {
    name: 'AskResponse',
    encode: encodeAskResponse,
    decode: decodeAskResponse,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
    // With no ask nothing is signed (the reference would crash re-encoding the missing ask).
    signedBytes: (value) => (value.Ask?.Ask ? encodeStorageAsk(value.Ask.Ask) : new Uint8Array(0)),
  },
}

/** status/1.1.0: DealStatusRequest / DealStatusResponse. */
export const STATUS: ExchangeCodecs<DealStatusRequest, DealStatusResponse> = {
  request: {
    name: 'DealStatusRequest',
    encode: encodeDealStatusRequest,
    decode: decodeDealStatusRequest,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  response: {
    name: 'DealStatusResponse',
    encode: encodeDealStatusResponse,
    decode: decodeDealStatusResponse,
    // The state carries the proposal, whose label may be up to 2 MiB.
    maxBytes: MK12_MAX_STATUS_RESPONSE_BYTES,
    signedBytes: (value) => encodeProviderDealState(value.DealState),
  },
}

/** mk/1.2.1 and mk/1.2.0: DealParams / DealResponse. */
export const MK12_DEAL: ExchangeCodecs<DealParams, DealResponse> = {
  request: {
    name: 'DealParams',
    encode: encodeDealParams,
    decode: decodeDealParams,
    maxBytes: MK12_MAX_DEAL_PARAMS_BYTES,
  },
  response: {
    name: 'DealResponse',
    encode: encodeDealResponse,
    decode: decodeDealResponse,
    maxBytes: MK12_MAX_SMALL_MESSAGE_BYTES,
    signedBytes: () => new Uint8Array(0),
  },
}

/** status/1.2.0: DealStatusRequest / DealStatusResponse (Boost forms). */
export const MK12_STATUS: ExchangeCodecs<Mk12DealStatusRequest, Mk12DealStatusResponse> = {
  request: {
    name: 'DealStatusRequest',
    encode: encodeMk12DealStatusRequest,
    decode: decodeMk12DealStatusRequest,
    maxBytes: MK12_MAX_SMALL_MESSAGE_BYTES,
  },
  response: {
    name: 'DealStatusResponse',
    encode: encodeMk12DealStatusResponse,
    decode: decodeMk12DealStatusResponse,
    maxBytes: MK12_MAX_STATUS_RESPONSE_BYTES,
    signedBytes: () => new Uint8Array(0),
  },
}
