/**
 * Options of the Lotus chain adapter and their defaults.
 *
 * @module
 */
import type { Clock } from '../clock.ts'
import { realClock } from '../clock.ts'
import type { BackoffOptions } from './rpc/backoff.ts'
import type { LotusFetch } from './rpc/node-fetch.ts'

/** Where the node is and how to talk to it. */
export interface LotusChainInit {
  /**
   * The node's HTTP JSON-RPC endpoint.
   * @example 'http://127.0.0.1:1234/rpc/v1'
   */
  readonly url: string
  /** The WebSocket endpoint. @default `url` with `ws:` (or `wss:`) for `http:` (or `https:`) */
  readonly wsUrl?: string
  /**
   * A token of the node (`lotus auth create-token --perm sign` for a market node, which signs and
   * spends), sent as `Authorization: Bearer`. Never logged nor put in errors. @default none (read-only)
   */
  readonly token?: string
  /** Time limit of every call except StateWaitMsg, in ms of the clock. @default 30_000 */
  readonly timeoutMs?: number
  /**
   * Time limit of StateWaitMsg, which waits for the chain by design. @default none: it waits
   * until the message has its confidence or the caller's signal aborts
   */
  readonly waitTimeoutMs?: number
  /** Delays between WebSocket reconnection attempts. @default { initialDelayMs: 250, maxDelayMs: 10_000 } */
  readonly reconnect?: BackoffOptions
}

/** What the adapter takes from its host. */
export interface LotusChainComponents {
  /** Drives call time limits and reconnection delays. @default the wall clock */
  readonly clock?: Clock
  /**
   * The HTTP client; `nodeHttpFetch()` costs about half the CPU per call.
   * @default globalThis.fetch
   */
  readonly fetch?: LotusFetch
}

/** The adapter's settings with every default applied. */
export interface ResolvedLotusInit {
  readonly url: string
  readonly wsUrl: string
  readonly token: string | undefined
  readonly timeoutMs: number
  readonly waitTimeoutMs: number | undefined
  readonly reconnect: BackoffOptions
  readonly clock: Clock
  readonly fetch: LotusFetch
}

/** The WebSocket URL of an HTTP endpoint. */
export function wsUrlOf(url: string): string {
  const parsed = new URL(url)
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:'
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:'
  return parsed.toString()
}

/** Applies the defaults. Throws TypeError for a URL that is not http(s) / ws(s). */
export function resolveInit(init: LotusChainInit, components: LotusChainComponents): ResolvedLotusInit {
  const protocol = new URL(init.url).protocol
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new TypeError('the Lotus url must be http: or https:')
  const wsUrl = init.wsUrl ?? wsUrlOf(init.url)
  const wsProtocol = new URL(wsUrl).protocol
  if (wsProtocol !== 'ws:' && wsProtocol !== 'wss:')
    throw new TypeError('the Lotus wsUrl must be ws: or wss:')
  return {
    url: init.url,
    wsUrl,
    token: init.token,
    timeoutMs: init.timeoutMs ?? 30_000,
    waitTimeoutMs: init.waitTimeoutMs,
    reconnect: init.reconnect ?? {},
    clock: components.clock ?? realClock,
    fetch: components.fetch ?? globalThis.fetch,
  }
}
