/**
 * Calls and channels over one {@link ReconnectingSocket}. After a drop, calls not yet sent, and
 * those marked `retry` (StateWaitMsg, which is safe to ask again), are sent again on the new socket;
 * other calls in flight fail with LotusTransportError; every channel is told it was dropped so its
 * owner can subscribe again. A 401 on the upgrade fails everything waiting with LotusAuthError.
 *
 * @module
 */
import { ChainClosedError, type FilDealError, LotusAuthError, LotusTransportError } from '../../../errors.ts'
import type { Clock } from '../../clock.ts'
import { type JsonValue, parseJson, stringifyJson } from '../json/text.ts'
import type { Activity } from './activity.ts'
import type { BackoffOptions } from './backoff.ts'
import { type ChannelHandlers, Channels } from './channels.ts'
import { isResponse, notification, type RpcResponse, readMessage, request } from './envelope.ts'
import { callError } from './error-map.ts'
import { callScope } from './scope.ts'
import { ReconnectingSocket } from './ws-socket.ts'

/** What a WebSocket transport needs. */
export interface WsRpcInit {
  readonly url: string
  /** URL for error messages: no credentials, no query. */
  readonly endpoint: string
  readonly token: string | undefined
  readonly clock: Clock
  readonly activity: Activity
  readonly reconnect: BackoffOptions
}

/** Options of one WebSocket call. */
export interface WsCallOptions {
  readonly signal?: AbortSignal | undefined
  readonly timeoutMs?: number | undefined
  /** Send again after a reconnect instead of failing; the call then does not count as activity. */
  readonly retry?: boolean
}

interface Pending {
  readonly method: string
  readonly params: readonly unknown[]
  readonly frame: string
  readonly retry: boolean
  readonly channel: ChannelHandlers | undefined
  sent: boolean
  settle(result: { value: JsonValue } | { error: FilDealError }): void
}

const CLOSED = 'the Lotus adapter is closed'

/** JSON-RPC over a reconnecting WebSocket. */
export class WsRpc {
  readonly #socket: ReconnectingSocket
  #closed = false
  #nextId = 1
  readonly #pending = new Map<number, Pending>()
  readonly #channels = new Channels()

  constructor(private readonly init: WsRpcInit) {
    this.#socket = new ReconnectingSocket(init, {
      onOpen: () => {
        init.activity.tick()
        for (const entry of this.#pending.values()) if (!entry.sent) this.#send(entry)
      },
      onMessage: (text) => this.#onMessage(text),
      onClose: (refused) => this.#onClose(refused),
      wanted: () => this.#pending.size > 0,
    })
  }

  /** Calls `name` (as Lotus method `method`) and resolves with its raw result. */
  async call(
    method: string,
    name: string,
    params: readonly unknown[],
    options: WsCallOptions = {},
  ): Promise<JsonValue> {
    return (await this.#request(method, name, params, options, undefined)).value
  }

  /** Opens a channel (ChainNotify); resolves once the node accepted it, with a function that cancels it. */
  async openChannel(
    method: string,
    name: string,
    handlers: ChannelHandlers,
    options: WsCallOptions = {},
  ): Promise<() => void> {
    const { id } = await this.#request(method, name, [], options, handlers)
    return () => {
      if (this.#channels.cancel(id)) this.#socket.send(stringifyJson(notification('xrpc.cancel', [id])))
    }
  }

  /** Resolves once every frame the node sent before now has been handled. */
  sync(): Promise<void> {
    return this.#socket.sync()
  }

  /** True while a reconnect is pending or the socket is opening. */
  get reconnecting(): boolean {
    return this.#socket.connecting
  }

  /** Closes the socket for good; waiting calls fail with ChainClosedError. */
  close(): void {
    this.#closed = true
    for (const entry of [...this.#pending.values()]) entry.settle({ error: new ChainClosedError(CLOSED) })
    this.#socket.close()
  }

  #request(
    method: string,
    name: string,
    params: readonly unknown[],
    options: WsCallOptions,
    channel: ChannelHandlers | undefined,
  ): Promise<{ id: number; value: JsonValue }> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new ChainClosedError(CLOSED))
      const scope = callScope(this.init.clock, method, options.timeoutMs, options.signal)
      const early = scope.reason()
      if (early !== undefined) {
        scope.dispose()
        return reject(early)
      }
      const id = this.#nextId++
      const retry = options.retry === true
      const end = retry ? () => undefined : this.init.activity.begin()
      const entry: Pending = {
        method,
        params,
        frame: stringifyJson(request(id, name, params)),
        retry,
        channel,
        sent: false,
        settle: (result) => {
          if (!this.#pending.delete(id)) return
          scope.dispose()
          end()
          if ('error' in result) reject(result.error)
          else resolve({ id, value: result.value })
        },
      }
      scope.signal.addEventListener('abort', () => {
        // The node stops a cancelled call (and closes a cancelled channel).
        if (entry.sent) this.#socket.send(stringifyJson(notification('xrpc.cancel', [id])))
        entry.settle({ error: scope.reason() as FilDealError })
      })
      this.#pending.set(id, entry)
      if (this.#socket.open) this.#send(entry)
      else this.#socket.connect()
    })
  }

  #send(entry: Pending): void {
    entry.sent = this.#socket.send(entry.frame)
  }

  #onClose(refused: number | undefined): void {
    this.#channels.dropAll()
    for (const entry of [...this.#pending.values()]) {
      if (refused === 401) {
        const detail = 'the node refused the token (HTTP 401)'
        entry.settle({ error: new LotusAuthError('unauthorized', entry.method, detail) })
      } else if (entry.sent && !entry.retry) {
        const detail = 'the WebSocket closed with the call in flight'
        entry.settle({ error: new LotusTransportError(this.init.endpoint, entry.method, detail) })
      } else {
        entry.sent = false
      }
    }
    this.init.activity.tick()
  }

  #onMessage(text: string): void {
    this.init.activity.tick()
    let message: ReturnType<typeof readMessage>
    try {
      message = readMessage(parseJson(text))
    } catch {
      // Not JSON: nothing waits for it.
      return
    }
    if (message === undefined) return
    if (isResponse(message)) {
      this.#onResponse(message)
      return
    }
    const chanId = message.params[0]
    if (typeof chanId !== 'number') return
    if (message.method === 'xrpc.ch.val') this.#channels.value(chanId, message.params[1] ?? null)
    else if (message.method === 'xrpc.ch.close') this.#channels.closed(chanId)
  }

  #onResponse(message: RpcResponse): void {
    const entry = this.#pending.get(message.id)
    if (entry === undefined) return
    if ('error' in message) {
      entry.settle({ error: callError(entry.method, entry.params, message.error) })
      return
    }
    if (entry.channel !== undefined) {
      if (typeof message.result !== 'number') {
        const detail = `${entry.method} answered no channel id`
        entry.settle({ error: new LotusTransportError(this.init.endpoint, entry.method, detail) })
        return
      }
      // Registered before any value of the channel can arrive: the node sends them after this answer.
      this.#channels.open(message.result, message.id, entry.channel)
    }
    entry.settle({ value: message.result })
  }
}
