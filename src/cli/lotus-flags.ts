/**
 * The flags that point a command at a Lotus node (or a devnet): `--lotus-url` and
 * `--lotus-token`, the token also read from LOTUS_API_TOKEN so it need not appear in a shell's
 * history.
 *
 * @module
 */

import type { FlagSpec } from './args.ts'
import { UsageError } from './errors.ts'

/** `--lotus-url URL`: http(s) or ws(s) endpoint of a Lotus full node, e.g. http://127.0.0.1:1234/rpc/v1. */
export const LOTUS_URL_FLAG = {
  kind: 'value',
  placeholder: 'URL',
  description: 'Lotus JSON-RPC endpoint, http(s):// or ws(s)://',
  required: true,
} as const satisfies FlagSpec

/** `--lotus-token TOKEN`: the API token; LOTUS_API_TOKEN when absent. */
export const LOTUS_TOKEN_FLAG = {
  kind: 'value',
  placeholder: 'TOKEN',
  description: 'Lotus API token (default: the LOTUS_API_TOKEN environment variable)',
} as const satisfies FlagSpec

/** The endpoints of a `--lotus-url`: the HTTP one for calls and the WebSocket one for notifications. */
export function lotusEndpoints(text: string): { url: string; wsUrl: string } {
  let parsed: URL
  try {
    parsed = new URL(text)
  } catch {
    throw new UsageError('bad-value', `--lotus-url: not a URL: ${text}`)
  }
  const pairs: Record<string, [string, string]> = {
    'http:': ['http:', 'ws:'],
    'https:': ['https:', 'wss:'],
    'ws:': ['http:', 'ws:'],
    'wss:': ['https:', 'wss:'],
  }
  const pair = pairs[parsed.protocol]
  if (pair === undefined)
    throw new UsageError('bad-value', `--lotus-url: expected http(s):// or ws(s)://, got ${parsed.protocol}`)
  const http = new URL(parsed)
  http.protocol = pair[0]
  const ws = new URL(parsed)
  ws.protocol = pair[1]
  return { url: http.toString(), wsUrl: ws.toString() }
}

/** Hosts a served chain may listen on. */
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * Where to serve a chain for a `--lotus-url` naming this machine: a loopback http:// or ws://
 * address with an explicit port and the path `/rpc/v1`. Returns the HTTP URL and the address.
 */
export function lotusServeAddress(text: string): {
  url: string
  listen: { host: string; port: number }
} {
  const { url } = lotusEndpoints(text)
  const parsed = new URL(url)
  if (parsed.protocol !== 'http:')
    throw new UsageError('bad-value', '--lotus-url: a served chain speaks plain http:// or ws://, not TLS')
  if (!LOOPBACK.has(parsed.hostname))
    throw new UsageError(
      'bad-value',
      `--lotus-url: a served chain listens on loopback only, not ${parsed.hostname}`,
    )
  if (parsed.port === '')
    throw new UsageError(
      'bad-value',
      '--lotus-url: give the port to serve on, e.g. http://127.0.0.1:1234/rpc/v1',
    )
  if (parsed.pathname !== '/rpc/v1')
    throw new UsageError(
      'bad-value',
      `--lotus-url: a served chain answers on /rpc/v1, not ${parsed.pathname}`,
    )
  const host = parsed.hostname === '[::1]' ? '::1' : parsed.hostname
  // Rebuilt from its parts: nothing of a user name, password or query (a token) is kept.
  return { url: `http://${parsed.host}/rpc/v1`, listen: { host, port: Number(parsed.port) } }
}

/** The token from the flag, else from the environment; undefined for read-only access. */
export function lotusToken(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const token = flag ?? env.LOTUS_API_TOKEN
  return token === undefined || token === '' ? undefined : token
}
