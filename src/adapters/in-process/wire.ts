/**
 * The bytes that cross the in-process network: every message is encoded with the market codecs
 * on one side and decoded on the other, so the in-process pair exercises the same wire forms as
 * libp2p. Responses come with the bytes their signature covers, obtained (as the reference does)
 * by re-encoding the decoded value rather than by slicing the received bytes.
 *
 * @module
 */
import { MessageTooLargeError } from '../../errors.ts'
import {
  ASK_PROTOCOL_ID,
  type AskRequest,
  type AskResponse,
  DEAL_PROTOCOL_ID,
  DEAL_STATUS_PROTOCOL_ID,
  type DealStatusRequest,
  type DealStatusResponse,
  decodeAskRequest,
  decodeAskResponse,
  decodeDealStatusRequest,
  decodeDealStatusResponse,
  decodeProposal,
  decodeSignedResponse,
  encodeAskRequest,
  encodeAskResponse,
  encodeDealStatusRequest,
  encodeDealStatusResponse,
  encodeProposal,
  encodeProviderDealState,
  encodeResponse,
  encodeSignedResponse,
  encodeStorageAsk,
  type Proposal,
  type SignedResponse,
} from '../../market/index.ts'
import type { PeerId, Signed } from '../network.ts'

/** The three market protocols, by short name. */
export type WireProtocol = 'deal' | 'ask' | 'status'

/** Which way a message goes: client → provider (`request`) or back (`response`). */
export type WireDirection = 'request' | 'response'

/** The protocol ID each short name stands for (the current versions only). */
export const PROTOCOL_IDS: Readonly<Record<WireProtocol, string>> = {
  deal: DEAL_PROTOCOL_ID,
  ask: ASK_PROTOCOL_ID,
  status: DEAL_STATUS_PROTOCOL_ID,
}

/** How a message fared in flight. */
export type WireOutcome = 'delivered' | 'dropped' | 'stalled' | 'corrupted'

/** One message on the network, as observers see it. */
export interface WireMessage {
  readonly protocol: WireProtocol
  readonly direction: WireDirection
  readonly from: PeerId
  readonly to: PeerId
  /** The encoded message as the sender wrote it. */
  readonly bytes: Uint8Array
  readonly outcome: WireOutcome
}

interface Codec<T> {
  encode(value: T): Uint8Array
  decode(bytes: Uint8Array, options: { maxBytes: number }): T
}

interface ResponseCodec<T> extends Codec<T> {
  /** The bytes the response's signature covers. */
  signedBytes(value: T): Uint8Array
}

/** Codecs of one protocol. */
export interface ProtocolCodecs<Request, Response> {
  readonly request: Codec<Request>
  readonly response: ResponseCodec<Response>
}

/** Deal protocol: Proposal, then SignedResponse whose signature covers `encodeResponse(Response)`. */
export const DEAL_CODECS: ProtocolCodecs<Proposal, SignedResponse> = {
  request: { encode: encodeProposal, decode: decodeProposal },
  response: {
    encode: encodeSignedResponse,
    decode: decodeSignedResponse,
    signedBytes: (value) => encodeResponse(value.Response),
  },
}

/**
 * Ask protocol: AskRequest, then AskResponse whose signature covers `encodeStorageAsk(Ask.Ask)`.
 * With no ask there is nothing signed, and the signed bytes are empty (the reference would crash
 * re-encoding the missing ask).
 */
export const ASK_CODECS: ProtocolCodecs<AskRequest, AskResponse> = {
  request: { encode: encodeAskRequest, decode: decodeAskRequest },
  response: {
    encode: encodeAskResponse,
    decode: decodeAskResponse,
    signedBytes: (value) => (value.Ask?.Ask ? encodeStorageAsk(value.Ask.Ask) : new Uint8Array(0)),
  },
}

/** Status protocol: DealStatusRequest, then DealStatusResponse signed over `encodeProviderDealState`. */
export const STATUS_CODECS: ProtocolCodecs<DealStatusRequest, DealStatusResponse> = {
  request: { encode: encodeDealStatusRequest, decode: decodeDealStatusRequest },
  response: {
    encode: encodeDealStatusResponse,
    decode: decodeDealStatusResponse,
    signedBytes: (value) => encodeProviderDealState(value.DealState),
  },
}

/** Encodes `value`, refusing (MessageTooLargeError) what exceeds `maxBytes`. EncodeError passes through. */
export function encodeMessage<T>(codec: Codec<T>, value: T, maxBytes: number): Uint8Array {
  const bytes = codec.encode(value)
  if (bytes.length > maxBytes) throw new MessageTooLargeError(bytes.length, maxBytes)
  return bytes
}

/** Decodes received bytes; the receiver enforces the limit too, since bytes may change in flight. */
export function decodeMessage<T>(codec: Codec<T>, bytes: Uint8Array, maxBytes: number): T {
  if (bytes.length > maxBytes) throw new MessageTooLargeError(bytes.length, maxBytes)
  return codec.decode(bytes, { maxBytes })
}

/** Decodes a response together with the bytes its signature covers. */
export function decodeSigned<T>(codec: ResponseCodec<T>, bytes: Uint8Array, maxBytes: number): Signed<T> {
  const value = decodeMessage(codec, bytes, maxBytes)
  return { value, signedBytes: codec.signedBytes(value) }
}
