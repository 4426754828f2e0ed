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
  DEAL_PROTOCOL_ID,
  DEAL_STATUS_PROTOCOL_ID,
  MK12_DEAL_STATUS_PROTOCOL_ID,
  MK121_DEAL_PROTOCOL_ID,
} from '../../market/index.ts'
import type { MessageCodec, ResponseCodec } from '../../market/protocol-codecs.ts'
import type { PeerId, Signed } from '../network.ts'

/**
 * The market protocols, by short name: go-fil-markets' `deal` and `status`, the shared `ask`, and
 * Boost's `mk12-deal` and `mk12-status`.
 */
export type WireProtocol = 'deal' | 'ask' | 'status' | 'mk12-deal' | 'mk12-status'

/** Which way a message goes: client → provider (`request`) or back (`response`). */
export type WireDirection = 'request' | 'response'

/** The protocol ID each short name stands for (the current versions only). */
export const PROTOCOL_IDS: Readonly<Record<WireProtocol, string>> = {
  deal: DEAL_PROTOCOL_ID,
  ask: ASK_PROTOCOL_ID,
  status: DEAL_STATUS_PROTOCOL_ID,
  'mk12-deal': MK121_DEAL_PROTOCOL_ID,
  'mk12-status': MK12_DEAL_STATUS_PROTOCOL_ID,
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

type Codec<T> = Pick<MessageCodec<T>, 'encode' | 'decode'>

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
