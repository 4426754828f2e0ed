/**
 * Multiaddrs between their text form (`/ip4/1.2.3.4/tcp/1234`), which the chain contract uses, and
 * the binary form Lotus puts (base64) in MinerInfo.Multiaddrs. Only the protocols a storage
 * provider announces are known; any other code is refused rather than guessed.
 *
 * @module
 */
import { varint } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { fail } from './scalars.ts'

type Kind = 'none' | 'ip4' | 'ip6' | 'port' | 'text' | 'peer'

interface Protocol {
  readonly code: number
  readonly name: string
  readonly kind: Kind
}

const PROTOCOLS: readonly Protocol[] = [
  { code: 4, name: 'ip4', kind: 'ip4' },
  { code: 6, name: 'tcp', kind: 'port' },
  { code: 33, name: 'dccp', kind: 'port' },
  { code: 41, name: 'ip6', kind: 'ip6' },
  { code: 53, name: 'dns', kind: 'text' },
  { code: 54, name: 'dns4', kind: 'text' },
  { code: 55, name: 'dns6', kind: 'text' },
  { code: 56, name: 'dnsaddr', kind: 'text' },
  { code: 132, name: 'sctp', kind: 'port' },
  { code: 273, name: 'udp', kind: 'port' },
  { code: 290, name: 'p2p-circuit', kind: 'none' },
  { code: 421, name: 'p2p', kind: 'peer' },
  { code: 443, name: 'https', kind: 'none' },
  { code: 448, name: 'tls', kind: 'none' },
  { code: 449, name: 'sni', kind: 'text' },
  { code: 454, name: 'noise', kind: 'none' },
  { code: 460, name: 'quic', kind: 'none' },
  { code: 461, name: 'quic-v1', kind: 'none' },
  { code: 465, name: 'webtransport', kind: 'none' },
  { code: 477, name: 'ws', kind: 'none' },
  { code: 478, name: 'wss', kind: 'none' },
  { code: 480, name: 'http', kind: 'none' },
]

const BY_CODE = new Map(PROTOCOLS.map((p) => [p.code, p]))
const BY_NAME = new Map(PROTOCOLS.map((p) => [p.name, p]))
const PATH = 'Multiaddr'

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

function uvarint(value: number): Uint8Array {
  return varint.encodeTo(value, new Uint8Array(varint.encodingLength(value)))
}

function ip6ToBytes(text: string): Uint8Array {
  const halves = text.split('::')
  if (halves.length > 2) return fail('invalid-value', PATH, `bad ip6 ${text}`)
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':')
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] as string).split(':') : []
  const missing = 8 - head.length - tail.length
  if (missing < 0 || (halves.length === 1 && missing !== 0))
    return fail('invalid-value', PATH, `bad ip6 ${text}`)
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail]
  const out = new Uint8Array(16)
  for (const [i, group] of groups.entries()) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return fail('invalid-value', PATH, `bad ip6 ${text}`)
    const n = Number.parseInt(group, 16)
    out[2 * i] = n >> 8
    out[2 * i + 1] = n & 0xff
  }
  return out
}

function ip6ToText(bytes: Uint8Array): string {
  const groups = Array.from(
    { length: 8 },
    (_, i) => ((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number),
  )
  // The longest run of two or more zero groups is written as "::".
  let best = [-1, 0]
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > (best[1] as number) && j - i > 1) best = [i, j - i]
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  const [start, length] = best as [number, number]
  if (start < 0) return hex.join(':')
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`
}

function valueToBytes(protocol: Protocol, text: string): Uint8Array {
  switch (protocol.kind) {
    case 'ip4': {
      const parts = text.split('.')
      if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
        return fail('invalid-value', PATH, `bad ip4 ${text}`)
      return Uint8Array.from(parts.map(Number))
    }
    case 'ip6':
      return ip6ToBytes(text)
    case 'port': {
      if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
        return fail('invalid-value', PATH, `bad port ${text}`)
      return Uint8Array.of(Number(text) >> 8, Number(text) & 0xff)
    }
    case 'text': {
      const bytes = new TextEncoder().encode(text)
      return concat([uvarint(bytes.length), bytes])
    }
    case 'peer': {
      let bytes: Uint8Array
      try {
        bytes = base58btc.baseDecode(text)
      } catch (error) {
        return fail('invalid-value', PATH, `bad peer id ${text}`, error)
      }
      return concat([uvarint(bytes.length), bytes])
    }
    case 'none':
      return new Uint8Array(0)
  }
}

/** The binary form of a text multiaddr. Throws DecodeError for unknown protocols or malformed values. */
export function multiaddrToBytes(text: string): Uint8Array {
  const parts = text.split('/')
  if (parts[0] !== '') return fail('invalid-value', PATH, `${JSON.stringify(text)} does not start with /`)
  const out: Uint8Array[] = []
  for (let i = 1; i < parts.length; i++) {
    const protocol = BY_NAME.get(parts[i] as string)
    if (protocol === undefined) return fail('invalid-value', PATH, `unknown protocol ${parts[i]}`)
    let value = ''
    if (protocol.kind !== 'none') {
      value = parts[++i] ?? fail('truncated', PATH, `${protocol.name} needs a value`)
    }
    out.push(uvarint(protocol.code), valueToBytes(protocol, value))
  }
  return concat(out)
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    return fail('invalid-utf8', PATH, 'a name is not UTF-8', error)
  }
}

/** The text form of a binary multiaddr. Throws DecodeError for unknown protocols or truncated input. */
export function multiaddrToText(bytes: Uint8Array): string {
  let text = ''
  let offset = 0
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.length) return fail('truncated', PATH, 'multiaddr ends early')
    const out = bytes.subarray(offset, offset + length)
    offset += length
    return out
  }
  const readVarint = (): number => {
    if (offset >= bytes.length) return fail('truncated', PATH, 'multiaddr ends early')
    const [value, length] = varint.decode(bytes, offset)
    offset += length
    return value
  }
  while (offset < bytes.length) {
    const code = readVarint()
    const protocol = BY_CODE.get(code) ?? fail('invalid-value', PATH, `unknown protocol code ${code}`)
    text += `/${protocol.name}`
    switch (protocol.kind) {
      case 'ip4':
        text += `/${Array.from(take(4)).join('.')}`
        break
      case 'ip6':
        text += `/${ip6ToText(take(16))}`
        break
      case 'port': {
        const port = take(2)
        text += `/${((port[0] as number) << 8) | (port[1] as number)}`
        break
      }
      case 'text':
        text += `/${utf8(take(readVarint()))}`
        break
      case 'peer':
        text += `/${base58btc.baseEncode(take(readVarint()))}`
        break
      case 'none':
        break
    }
  }
  return text
}
