/**
 * The node connection of one chain adapter: short calls over HTTP, ChainNotify and StateWaitMsg
 * over the WebSocket, every call checked against the method table first, and a way to wait until
 * nothing is in progress.
 *
 * @module
 */
import { AbortError, ChainClosedError } from '../../../errors.ts'
import type { Clock } from '../../clock.ts'
import type { JsonValue } from '../json/text.ts'
import { LOTUS_METHODS, type LotusMethod, rpcName } from '../methods.ts'
import { Activity } from './activity.ts'
import type { BackoffOptions } from './backoff.ts'
import type { ChannelHandlers } from './channels.ts'
import { type CallOptions, HttpRpc } from './http-rpc.ts'
import type { LotusFetch } from './node-fetch.ts'
import { type WsCallOptions, WsRpc } from './ws-rpc.ts'

/** Everything the connection is built from. */
export interface LotusRpcInit {
  readonly url: string
  readonly wsUrl: string
  readonly token: string | undefined
  readonly clock: Clock
  readonly fetch: LotusFetch
  readonly reconnect: BackoffOptions
}

/** The URL without credentials or query, safe to put in error messages. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    parsed.search = ''
    parsed.hash = ''
    return parsed.toString()
  } catch {
    return '<invalid url>'
  }
}

function checkParams(method: LotusMethod, params: readonly unknown[]): void {
  const expected = LOTUS_METHODS[method].params
  if (params.length !== expected) {
    throw new TypeError(`Filecoin.${method} takes ${expected} parameters, not ${params.length}`)
  }
}

const CLOSED = 'the Lotus adapter is closed'

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** HTTP and WebSocket transports to one Lotus node. */
export class LotusRpc {
  readonly #activity = new Activity()
  readonly #http: HttpRpc
  readonly #ws: WsRpc
  #closed = false

  constructor(init: LotusRpcInit) {
    this.#http = new HttpRpc({ ...init, endpoint: endpointOf(init.url), activity: this.#activity })
    this.#ws = new WsRpc({
      ...init,
      url: init.wsUrl,
      endpoint: endpointOf(init.wsUrl),
      activity: this.#activity,
    })
  }

  /** Work in progress, for {@link idle} and head subscriptions. */
  get activity(): Activity {
    return this.#activity
  }

  /** A call over HTTP. */
  call(method: LotusMethod, params: readonly unknown[], options: CallOptions): Promise<JsonValue> {
    checkParams(method, params)
    if (this.#closed) return Promise.reject(new ChainClosedError(CLOSED))
    return this.#http.call(method, rpcName(method), params, options)
  }

  /** A call over the WebSocket (for calls that wait on the node). */
  wsCall(method: LotusMethod, params: readonly unknown[], options: WsCallOptions): Promise<JsonValue> {
    checkParams(method, params)
    return this.#ws.call(method, rpcName(method), params, options)
  }

  /** Opens a channel method over the WebSocket; resolves with its cancel function. */
  openChannel(method: LotusMethod, handlers: ChannelHandlers, options: WsCallOptions): Promise<() => void> {
    checkParams(method, [])
    return this.#ws.openChannel(method, rpcName(method), handlers, options)
  }

  /**
   * Resolves at a quiet point: every call answered (a waiting StateWaitMsg aside), every message the
   * node sent so far handled, every head subscription's batches taken by a reader now waiting for
   * more, and no reconnect pending.
   */
  async idle(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted === true) throw new AbortError(undefined, { cause: signal.reason })
      if (!this.#activity.quiet || this.#ws.reconnecting) {
        await new Promise<void>((resolve) => {
          void this.#activity.changed().then(resolve)
          signal?.addEventListener('abort', () => resolve(), { once: true })
        })
        continue
      }
      const before = this.#activity.ticks
      await this.#ws.sync()
      await macrotask()
      if (this.#activity.quiet && !this.#ws.reconnecting && this.#activity.ticks === before) return
    }
  }

  /** Closes the WebSocket; every later call fails with ChainClosedError. */
  close(): void {
    this.#closed = true
    this.#ws.close()
  }
}
