/**
 * Which transfer URLs the provider refuses before sending any request (boost-mk12.md §9.1).
 *
 * @module
 */
import { isIP } from 'node:net'
import { HttpTransferUrlRefusedError } from '../../errors.ts'
import type { UrlPolicy } from './types.ts'

function ipv4Octets(host: string): number[] {
  return host.split('.').map((part) => Number(part))
}

/** The 8 groups of an IPv6 literal (no brackets); WHATWG URL parsing normalises any IPv4 tail first. */
function ipv6Groups(host: string): number[] {
  const text = new URL(`http://[${host}]/`).hostname.slice(1, -1)
  const [head = '', rest] = text.split('::') as [string, string | undefined]
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16))
  const left = parse(head)
  if (rest === undefined) return left
  const right = parse(rest)
  return [...left, ...new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right]
}

/** Go's `net.IP.IsPrivate`: 10/8, 172.16/12, 192.168/16, fc00::/7 (IPv4-mapped IPv6 included). */
export function isPrivateIp(host: string): boolean {
  const kind = isIP(host)
  if (kind === 4) {
    const [a, b] = ipv4Octets(host) as [number, number]
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
  }
  if (kind === 6) {
    const groups = ipv6Groups(host)
    if ((((groups[0] ?? 0) >> 8) & 0xfe) === 0xfc) return true
    const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff
    if (mapped) {
      const hi = groups[6] ?? 0
      return isPrivateIp(`${hi >> 8}.${hi & 0xff}.0.0`)
    }
  }
  return false
}

/** 127/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return ipv4Octets(host)[0] === 127
  if (isIP(host) === 6) {
    const groups = ipv6Groups(host)
    return groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1
  }
  return false
}

/** The host of `url` without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '')
}

/**
 * Parses `raw` and applies `policy`; throws {@link HttpTransferUrlRefusedError} with the reason.
 * Host names are never resolved for this check, as in Boost.
 */
export function checkTransferUrl(raw: string, policy: UrlPolicy = {}): URL {
  if (raw === '') throw new HttpTransferUrlRefusedError(raw, 'deal url is empty')
  let url: URL
  try {
    url = new URL(raw)
  } catch (error) {
    throw new HttpTransferUrlRefusedError(raw, 'not a valid url', { cause: error })
  }
  if (url.protocol === 'libp2p:') {
    throw new HttpTransferUrlRefusedError(
      raw,
      'libp2p transfer urls are not supported by the http downloader',
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpTransferUrlRefusedError(raw, `unsupported scheme ${url.protocol}`)
  }
  const host = bareHost(url)
  if (policy.allowPrivateIps !== true && isPrivateIp(host)) {
    throw new HttpTransferUrlRefusedError(raw, 'downloading from private ip addresses is not allowed')
  }
  if (policy.refuseLoopback === true && isLoopbackHost(host)) {
    throw new HttpTransferUrlRefusedError(raw, 'downloading from loopback addresses is not allowed')
  }
  const extra = policy.refuse?.(url)
  if (extra !== undefined) throw new HttpTransferUrlRefusedError(raw, extra)
  return url
}
