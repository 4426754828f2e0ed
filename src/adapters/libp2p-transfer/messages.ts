/**
 * The control messages of the push protocol, as DAG-CBOR maps.
 *
 * @module
 */

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { DecodeError } from '../../errors.ts'

/** The client's request to push (or to resume pushing) a payload. */
export interface PushRequest {
  /** The channel number, unique to the client. */
  readonly channel: bigint
  /** The voucher: the deal proposal's CID. */
  readonly proposal: CID
  /** The payload root. */
  readonly root: CID
  /** Bytes the client will send in all. */
  readonly size: bigint
  /** True when the client resumes a channel it opened before. */
  readonly restart: boolean
}

/** The provider's answer: accepted from `offset` on, or refused with `reason`. */
export interface PushResponse {
  readonly accepted: boolean
  readonly offset: bigint
  readonly reason: string
}

/** The provider's outcome once the bytes are in. */
export interface PushFinal {
  readonly ok: boolean
  readonly received: bigint
  readonly reason: string
}

const PATH = 'push message'

function record(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown
  try {
    value = dagCbor.decode(bytes)
  } catch (error) {
    throw new DecodeError('invalid-cbor', PATH, String(error), { cause: error })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DecodeError('wrong-type', PATH, 'expected a map')
  return value as Record<string, unknown>
}

function uint(value: unknown, field: string): bigint {
  if (
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
    (typeof value === 'bigint' && value >= 0n)
  )
    return BigInt(value)
  throw new DecodeError('wrong-type', `${PATH}.${field}`, 'expected an unsigned integer')
}

function cid(value: unknown, field: string): CID {
  const parsed = CID.asCID(value)
  if (parsed === null) throw new DecodeError('wrong-type', `${PATH}.${field}`, 'expected a CID')
  return parsed
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new DecodeError('wrong-type', `${PATH}.${field}`, 'expected a string')
  return value
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    throw new DecodeError('wrong-type', `${PATH}.${field}`, 'expected a boolean')
  return value
}

/** Encodes a push request. */
export function encodePushRequest(request: PushRequest): Uint8Array {
  return dagCbor.encode({ ...request })
}

/** Decodes a push request; DecodeError when malformed. */
export function decodePushRequest(bytes: Uint8Array): PushRequest {
  const map = record(bytes)
  return {
    channel: uint(map.channel, 'channel'),
    proposal: cid(map.proposal, 'proposal'),
    root: cid(map.root, 'root'),
    size: uint(map.size, 'size'),
    restart: bool(map.restart, 'restart'),
  }
}

/** Encodes a push response. */
export function encodePushResponse(response: PushResponse): Uint8Array {
  return dagCbor.encode({ ...response })
}

/** Decodes a push response; DecodeError when malformed. */
export function decodePushResponse(bytes: Uint8Array): PushResponse {
  const map = record(bytes)
  return {
    accepted: bool(map.accepted, 'accepted'),
    offset: uint(map.offset, 'offset'),
    reason: text(map.reason, 'reason'),
  }
}

/** Encodes the final message. */
export function encodePushFinal(final: PushFinal): Uint8Array {
  return dagCbor.encode({ ...final })
}

/** Decodes the final message; DecodeError when malformed. */
export function decodePushFinal(bytes: Uint8Array): PushFinal {
  const map = record(bytes)
  return {
    ok: bool(map.ok, 'ok'),
    received: uint(map.received, 'received'),
    reason: text(map.reason, 'reason'),
  }
}
