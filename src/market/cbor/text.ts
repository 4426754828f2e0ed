/**
 * Text fields whose bytes must survive a round trip even when they are not UTF-8. Go writes any
 * string's raw bytes as CBOR text (error messages can embed raw peer IDs), and signatures cover the
 * re-encoded bytes, so replacing bad bytes would break verification.
 *
 * Valid UTF-8 maps to the string it spells (a leading BOM included). Each byte that is not part of a valid
 * sequence maps to the lone surrogate U+DC00 + byte (U+DC80…U+DCFF), which valid UTF-8 can never
 * produce, and maps back to that byte when encoding. Other lone surrogates in application strings
 * encode as U+FFFD, as TextEncoder does.
 *
 * @module
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const encoder = new TextEncoder()
const SURROGATE = /[\uD800-\uDFFF]/

/** True when `bytes` is valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = bytes[i + k]
    return b !== undefined && b >= lo && b <= hi
  }
  if (b0 < 0x80) return 1
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0
  return 0
}

/** Code point of the valid sequence of `length` bytes at `i`. */
function codePointAt(bytes: Uint8Array, i: number, length: number): number {
  const lead = bytes[i] as number
  if (length === 1) return lead
  let point = lead & (0x7f >> length)
  for (let k = 1; k < length; k++) point = (point << 6) | ((bytes[i + k] as number) & 0x3f)
  return point
}

/** The JS string for the raw bytes of a CBOR text item (lossless, see the module notes). */
export function textFromWire(bytes: Uint8Array): string {
  // Keys and most values are short ASCII; building those directly is much cheaper than TextDecoder.
  if (bytes.length <= 64 && bytes.every((byte) => byte < 0x80)) return String.fromCharCode(...bytes)
  try {
    return strict.decode(bytes)
  } catch {
    // Not UTF-8: escape byte by byte below.
  }
  const points: number[] = []
  let i = 0
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i)
    points.push(length === 0 ? 0xdc00 + (bytes[i] as number) : codePointAt(bytes, i, length))
    i += Math.max(length, 1)
  }
  let out = ''
  // fromCodePoint takes arguments; chunk to stay far below engine argument limits.
  for (let k = 0; k < points.length; k += 4096) out += String.fromCodePoint(...points.slice(k, k + 4096))
  return out
}

/** True when the string contains any surrogate code unit (paired or not). */
export function hasSurrogates(text: string): boolean {
  return SURROGATE.test(text)
}

/** The bytes of a CBOR text item for a JS string (inverse of {@link textFromWire}). */
export function textToWire(text: string): Uint8Array {
  if (!SURROGATE.test(text)) return encoder.encode(text)
  const out: number[] = []
  for (const char of text) {
    const code = char.codePointAt(0) as number
    if (code >= 0xdc80 && code <= 0xdcff) out.push(code - 0xdc00)
    else for (const byte of encoder.encode(char)) out.push(byte)
  }
  return Uint8Array.from(out)
}
