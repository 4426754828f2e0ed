/**
 * The JSON inside `Transfer.Params`: Go `encoding/json` of Boost's `HttpRequest` (keys `URL` and
 * `Headers`, no struct tags). Encoding reproduces Go's bytes exactly: fields in declaration order,
 * map keys sorted bytewise, `<`, `>`, `&`, U+2028 and U+2029 escaped, `null` for no headers.
 * Decoding follows Go: key names match case-insensitively (the last matching key wins), unknown
 * keys are ignored, `null` leaves a field at its zero value.
 *
 * @module
 */

import { DecodeError, EncodeError } from '../../errors.ts'
import { MK12_MAX_PARAMS_BYTES } from './fields.ts'
import type { HttpRequest } from './types.ts'

const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

/** A JSON string literal exactly as Go's encoding/json (HTML-safe) writes it. */
function goJsonString(text: string): string {
  let out = '"'
  for (const char of text) {
    const code = char.codePointAt(0) as number
    const short = SHORT_ESCAPES[char]
    if (short !== undefined) out += short
    else if (
      code < 0x20 ||
      char === '<' ||
      char === '>' ||
      char === '&' ||
      code === 0x2028 ||
      code === 0x2029
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd'
    else out += char
  }
  return `${out}"`
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const diff = (a[i] as number) - (b[i] as number)
    if (diff !== 0) return diff
  }
  return a.length - b.length
}

/** The UTF-8 JSON of an HttpRequest, byte for byte as Go writes it. Throws EncodeError. */
export function encodeHttpRequest(request: HttpRequest): Uint8Array {
  if (typeof request !== 'object' || request === null || typeof request.URL !== 'string') {
    throw new EncodeError('HttpRequest.URL', 'expected a string')
  }
  let headers = 'null'
  if (request.Headers !== null && request.Headers !== undefined) {
    if (typeof request.Headers !== 'object')
      throw new EncodeError('HttpRequest.Headers', 'expected an object')
    const names = Object.keys(request.Headers)
      .map((name) => ({ name, bytes: utf8.encode(name) }))
      .sort((a, b) => compareBytes(a.bytes, b.bytes))
    const parts: string[] = []
    for (const { name } of names) {
      const value = request.Headers[name]
      if (typeof value !== 'string') throw new EncodeError(`HttpRequest.Headers.${name}`, 'expected a string')
      parts.push(`${goJsonString(name)}:${goJsonString(value)}`)
    }
    headers = `{${parts.join(',')}}`
  }
  const out = utf8.encode(`{"URL":${goJsonString(request.URL)},"Headers":${headers}}`)
  if (out.length > MK12_MAX_PARAMS_BYTES) {
    throw new EncodeError('HttpRequest', `JSON of ${out.length} bytes exceeds ${MK12_MAX_PARAMS_BYTES}`)
  }
  return out
}

/** Go decodes a lone surrogate escape (`\\ud800`) as U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

/**
 * The value of the key matching `name` as Go does: keys match case-insensitively and are applied
 * in order, so the last matching key wins.
 */
function field(object: Record<string, unknown>, name: string): unknown {
  const folded = name.toLowerCase()
  let found: unknown
  for (const key of Object.keys(object)) if (key.toLowerCase() === folded) found = object[key]
  return found
}

/** Reads the JSON of `Transfer.Params`. Throws DecodeError (reason `invalid-value`) only. */
export function decodeHttpRequest(bytes: Uint8Array): HttpRequest {
  const fail = (path: string, detail: string, cause?: unknown): never => {
    throw new DecodeError('invalid-value', path, detail, cause === undefined ? {} : { cause })
  }
  if (!(bytes instanceof Uint8Array))
    throw new DecodeError('invalid-input', 'HttpRequest', 'input is not a Uint8Array')
  if (bytes.length > MK12_MAX_PARAMS_BYTES) {
    throw new DecodeError(
      'too-large',
      'HttpRequest',
      `${bytes.length} bytes exceed the limit of ${MK12_MAX_PARAMS_BYTES}`,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes))
  } catch (error) {
    return fail('HttpRequest', 'params are not UTF-8 JSON', error)
  }
  if (parsed === null) return { URL: '', Headers: null }
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    return fail('HttpRequest', 'expected a JSON object')
  const object = parsed as Record<string, unknown>
  const url = field(object, 'URL')
  if (url !== undefined && url !== null && typeof url !== 'string')
    fail('HttpRequest.URL', 'expected a string')
  const rawHeaders = field(object, 'Headers')
  let headers: Record<string, string> | null = null
  if (rawHeaders !== undefined && rawHeaders !== null) {
    if (typeof rawHeaders !== 'object' || Array.isArray(rawHeaders))
      fail('HttpRequest.Headers', 'expected an object')
    const entries: [string, string][] = []
    for (const [name, value] of Object.entries(rawHeaders as Record<string, unknown>)) {
      if (value !== null && typeof value !== 'string')
        fail(`HttpRequest.Headers.${name}`, 'expected a string')
      entries.push([wellFormed(name), value === null ? '' : wellFormed(value as string)])
    }
    // fromEntries defines own properties, so a header named __proto__ stays a header.
    headers = Object.fromEntries(entries)
  }
  const URL = typeof url === 'string' ? wellFormed(url) : ''
  return { URL, Headers: headers }
}
