/**
 * DealUUID: the client-chosen identity of a Boost deal (Go `uuid.UUID`): 16 raw bytes, written on the
 * wire as a 16-byte CBOR byte string and shown in the RFC 4122 text form
 * (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower-case hex).
 *
 * @module
 */

import { InvalidDealUuidError } from '../../errors.ts'

/** The 16 raw bytes of a deal UUID. */
export type DealUUID = Uint8Array

/** Number of bytes in a deal UUID. */
export const DEAL_UUID_BYTES = 16

const TEXT_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const BRACED = /^\{(.*)\}$/
const URN = /^urn:uuid:/i

/** True when `value` is a Uint8Array of exactly 16 bytes. */
export function isDealUuid(value: unknown): value is DealUUID {
  return value instanceof Uint8Array && value.length === DEAL_UUID_BYTES
}

/**
 * Parses the text form of a UUID: the canonical dashed form, optionally inside braces or after
 * `urn:uuid:`, or the 32 hex digits without dashes (as Go's `uuid.Parse` accepts). Case-insensitive.
 * Throws InvalidDealUuidError otherwise.
 */
export function parseDealUuid(text: string): DealUUID {
  if (typeof text !== 'string') throw new InvalidDealUuidError('a deal UUID must be a string')
  let body = text.replace(URN, '')
  body = BRACED.exec(body)?.[1] ?? body
  let hex: string
  if (TEXT_FORM.test(body)) hex = body.replaceAll('-', '')
  else if (/^[0-9a-f]{32}$/i.test(body)) hex = body
  else throw new InvalidDealUuidError(`invalid deal UUID ${JSON.stringify(text)}`)
  const out = new Uint8Array(DEAL_UUID_BYTES)
  for (let i = 0; i < DEAL_UUID_BYTES; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** The canonical RFC 4122 text form (lower-case, dashed). Throws InvalidDealUuidError unless 16 bytes. */
export function formatDealUuid(uuid: DealUUID): string {
  if (!isDealUuid(uuid)) throw new InvalidDealUuidError('a deal UUID has exactly 16 bytes')
  let hex = ''
  for (const byte of uuid) hex += byte.toString(16).padStart(2, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A copy of `bytes` as a deal UUID. Throws InvalidDealUuidError unless 16 bytes. */
export function dealUuidFromBytes(bytes: Uint8Array): DealUUID {
  if (!isDealUuid(bytes)) throw new InvalidDealUuidError('a deal UUID has exactly 16 bytes')
  return Uint8Array.from(bytes)
}

/** A random (version 4, RFC 4122 variant) deal UUID, as the Boost client makes. */
export function newDealUuid(): DealUUID {
  const out = new Uint8Array(DEAL_UUID_BYTES)
  globalThis.crypto.getRandomValues(out)
  out[6] = ((out[6] as number) & 0x0f) | 0x40
  out[8] = ((out[8] as number) & 0x3f) | 0x80
  return out
}

/** True when both UUIDs hold the same 16 bytes. */
export function dealUuidEquals(a: DealUUID, b: DealUUID): boolean {
  return isDealUuid(a) && isDealUuid(b) && a.every((byte, i) => byte === b[i])
}
