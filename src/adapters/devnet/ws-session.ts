/**
 * One WebSocket connection to the devnet: requests are answered as over HTTP, ChainNotify opens a
 * channel that pushes `xrpc.ch.val [chanId, batch]` for every head change and `xrpc.ch.close
 * [chanId]` when it ends, and `xrpc.cancel [requestId]` stops a waiting call or closes a channel.
 * A closed connection stops everything it started.
 *
 * @module
 */
import type WebSocket from 'ws'
import { messageOf } from '../../errors.ts'
import type { ChainAdapter, HeadChange } from '../chain.ts'
import { type JsonValue, parseJson, stringifyJson } from '../lotus/json/text.ts'
import { encodeHeadChange } from '../lotus/json/tipset.ts'
import type { LotusPermission } from '../lotus/methods.ts'
import { notification } from '../lotus/rpc/envelope.ts'
import { type Dispatcher, type DispatchResult, failure, type ResolvedRequest } from './dispatch.ts'
import { methodFailure, missingPermission, parseFailure, RpcFailure } from './rpc-errors.ts'

/** A connected WebSocket client. */
export class WsSession {
  readonly #running = new Map<string, AbortController>()
  #nextChannel = 1

  constructor(
    private readonly socket: WebSocket,
    private readonly permissions: ReadonlySet<LotusPermission>,
    private readonly dispatcher: Dispatcher,
    private readonly chain: ChainAdapter,
  ) {
    socket.on('message', (data) => this.#onMessage(String(data)))
    // A broken connection closes too, and closing stops everything it started.
    socket.on('error', () => undefined)
    socket.on('close', () => {
      for (const controller of this.#running.values()) controller.abort()
      this.#running.clear()
    })
  }

  #send(message: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(stringifyJson(message))
  }

  #onMessage(text: string): void {
    let value: JsonValue
    try {
      value = parseJson(text)
    } catch (error) {
      this.#send(failure(null, parseFailure(undefined, messageOf(error))).body)
      return
    }
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      value.method === 'xrpc.cancel'
    ) {
      const params = value.params
      if (Array.isArray(params)) this.#running.get(JSON.stringify(params[0] ?? null))?.abort()
      return
    }
    let request: ResolvedRequest
    try {
      request = this.dispatcher.resolve(value, 'ws')
    } catch (error) {
      if (!(error instanceof RpcFailure)) throw error
      const id =
        typeof value === 'object' && value !== null && !Array.isArray(value) ? (value.id ?? null) : null
      this.#send(failure(id, error).body)
      return
    }
    const key = JSON.stringify(request.id)
    const controller = new AbortController()
    this.#running.set(key, controller)
    const done = (result?: DispatchResult): void => {
      if (this.#running.get(key) === controller) this.#running.delete(key)
      if (result !== undefined) this.#send(result.body)
    }
    if (request.handler.channel === true) void this.#channel(request, controller.signal).finally(() => done())
    else void this.dispatcher.run(request, this.permissions, controller.signal).then(done)
  }

  /** Serves ChainNotify until the caller cancels, disconnects, or the chain closes. */
  async #channel(request: ResolvedRequest, signal: AbortSignal): Promise<void> {
    const { id } = request
    if (!this.permissions.has(request.handler.permission)) {
      this.#send({ jsonrpc: '2.0', id, error: missingPermission('ChainNotify', request.handler.permission) })
      return
    }
    let changes: AsyncIterator<readonly HeadChange[]>
    try {
      changes = this.chain.chainNotify({ signal })[Symbol.asyncIterator]()
    } catch (error) {
      this.#send({ jsonrpc: '2.0', id, error: methodFailure(error) })
      return
    }
    const chanId = this.#nextChannel++
    // The answer goes first: the client learns the channel id before its first value.
    this.#send({ jsonrpc: '2.0', id, result: chanId })
    try {
      for (;;) {
        const next = await changes.next()
        if (next.done === true) break
        this.#send(notification('xrpc.ch.val', [chanId, next.value.map(encodeHeadChange)]))
      }
    } catch {
      // The chain failed under the subscription; the client sees the channel close.
    } finally {
      await changes.return?.()
      this.#send(notification('xrpc.ch.close', [chanId]))
    }
  }
}
