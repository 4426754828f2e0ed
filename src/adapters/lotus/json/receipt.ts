/**
 * Execution results in the Lotus API: MessageReceipt `{"ExitCode", "Return", "GasUsed",
 * "EventsRoot"}` and MsgLookup `{"Message", "Receipt", "ReturnDec", "TipSet", "Height"}`. ReturnDec
 * is Lotus' JSON rendering of the return value, filled by StateWaitMsg only; the adapter decodes
 * the return bytes itself, so a lookup reads the same from either method.
 *
 * @module
 */
import type { ChainReceipt, MsgLookup } from '../../chain.ts'
import { encodePublishReturnJson, type PublishReturnJson } from '../cbor/publish-return.ts'
import { type CidJson, decodeCid, decodeOptionalCid, encodeCid } from './cid.ts'
import {
  asBigInteger,
  asObject,
  asSafeInt,
  decodeBytes,
  encodeBytes,
  member,
  optionalMember,
} from './scalars.ts'
import type { JsonValue } from './text.ts'
import { decodeTipSetKey, encodeTipSetKey, type TipSetKeyJson } from './tipset.ts'

/** The JSON form of a receipt. */
export interface ReceiptJson {
  readonly ExitCode: number
  readonly Return: string | null
  readonly GasUsed: bigint
  readonly EventsRoot: CidJson | null
}

/** The JSON form of a message lookup. */
export interface MsgLookupJson {
  readonly Message: CidJson
  readonly Receipt: ReceiptJson
  readonly ReturnDec: PublishReturnJson | null
  readonly TipSet: TipSetKeyJson
  readonly Height: number
}

const MAX_I64 = 2n ** 63n - 1n

/** The Lotus JSON form of a receipt (no events root: the chains served here emit no events). */
export function encodeReceipt(receipt: ChainReceipt): ReceiptJson {
  return {
    ExitCode: receipt.exitCode,
    Return: encodeBytes(receipt.returnValue),
    GasUsed: receipt.gasUsed,
    EventsRoot: null,
  }
}

/** Reads a receipt; an absent or null EventsRoot is accepted (older nodes have none). */
export function decodeReceipt(value: unknown, path: string): ChainReceipt {
  const object = asObject(value, path)
  const eventsRoot = optionalMember(object, 'EventsRoot')
  if (eventsRoot !== undefined) decodeOptionalCid(eventsRoot, `${path}.EventsRoot`)
  return {
    exitCode: asSafeInt(member(object, 'ExitCode', path), `${path}.ExitCode`),
    returnValue: decodeBytes(member(object, 'Return', path), `${path}.Return`),
    gasUsed: asBigInteger(member(object, 'GasUsed', path), `${path}.GasUsed`, -MAX_I64 - 1n, MAX_I64),
  }
}

/**
 * The Lotus JSON form of a lookup. `withReturnDec` fills ReturnDec for a publish return, as
 * StateWaitMsg does; StateSearchMsg leaves it null.
 */
export function encodeMsgLookup(lookup: MsgLookup, withReturnDec: boolean): MsgLookupJson {
  return {
    Message: encodeCid(lookup.message),
    Receipt: encodeReceipt(lookup.receipt),
    ReturnDec:
      withReturnDec && lookup.returnDec !== undefined ? encodePublishReturnJson(lookup.returnDec) : null,
    TipSet: encodeTipSetKey(lookup.tipSet),
    Height: lookup.height,
  }
}

/** A lookup as read from the wire: `returnDec` is left undefined, ReturnDec is kept raw. */
export interface DecodedMsgLookup {
  readonly lookup: MsgLookup
  readonly returnDec: JsonValue
}

/** Reads a lookup. */
export function decodeMsgLookup(value: unknown, path: string): DecodedMsgLookup {
  const object = asObject(value, path)
  return {
    lookup: {
      message: decodeCid(member(object, 'Message', path), `${path}.Message`),
      receipt: decodeReceipt(member(object, 'Receipt', path), `${path}.Receipt`),
      returnDec: undefined,
      tipSet: decodeTipSetKey(member(object, 'TipSet', path), `${path}.TipSet`),
      height: asSafeInt(member(object, 'Height', path), `${path}.Height`, 0n),
    },
    returnDec: optionalMember(object, 'ReturnDec') ?? null,
  }
}
