/**
 * DealLabel: the free-form label of a deal proposal, either a UTF-8 string or raw bytes (go-state-types
 * v9 `market.DealLabel`). The two kinds are different values even with the same content: they
 * encode differently, so signatures and proposal CIDs differ. The zero value is the empty string.
 *
 * @module
 */

import { InvalidLabelError } from '../errors.ts'

/** A string label (CBOR text) or a bytes label (CBOR byte string). */
export type DealLabel = string | Uint8Array

/** Longest label the provider and the market actor accept, in bytes. */
export const DEAL_MAX_LABEL_SIZE = 256

/** The zero label. */
export const EMPTY_DEAL_LABEL: DealLabel = ''

const utf8 = new TextEncoder()
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when the string has no unpaired surrogate, i.e. it has an exact UTF-8 form. */
export function isWellFormedString(text: string): boolean {
  return !LONE_SURROGATE.test(text)
}

/** Size of the label on the wire, in bytes (UTF-8 bytes for a string label). */
export function labelByteLength(label: DealLabel): number {
  return typeof label === 'string' ? utf8.encode(label).length : label.length
}

/**
 * A string label. Throws InvalidLabelError if the string is not valid Unicode (it would have no
 * UTF-8 form) or is longer than 256 bytes in UTF-8.
 */
export function labelFromString(text: string): DealLabel {
  if (typeof text !== 'string' || !isWellFormedString(text)) {
    throw new InvalidLabelError('a string label must be valid UTF-8')
  }
  const size = labelByteLength(text)
  if (size > DEAL_MAX_LABEL_SIZE) {
    throw new InvalidLabelError(`label of ${size} bytes exceeds ${DEAL_MAX_LABEL_SIZE}`)
  }
  return text
}

/** A bytes label (a copy of `bytes`). Throws InvalidLabelError above 256 bytes. */
export function labelFromBytes(bytes: Uint8Array): DealLabel {
  if (!(bytes instanceof Uint8Array)) throw new InvalidLabelError('a bytes label must be a Uint8Array')
  if (bytes.length > DEAL_MAX_LABEL_SIZE) {
    throw new InvalidLabelError(`label of ${bytes.length} bytes exceeds ${DEAL_MAX_LABEL_SIZE}`)
  }
  return Uint8Array.from(bytes)
}

/** True for a string label. */
export function isStringLabel(label: DealLabel): label is string {
  return typeof label === 'string'
}

/** True when both labels have the same kind and the same content. */
export function labelEquals(a: DealLabel, b: DealLabel): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
