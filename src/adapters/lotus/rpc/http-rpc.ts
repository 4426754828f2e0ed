/**
 * Calls over HTTP: one POST per call to the node's `/rpc/v1` endpoint with the bearer token in the
 * Authorization header, bounded by the call's scope. go-jsonrpc answers method failures with HTTP
 * 200 and protocol failures with 500 (400 for an empty request), always with a JSON-RPC body; 401
 * without a body means the token was refused.
 *
 * @module
 */
import { LotusAuthError, LotusTransportError, messageOf } from '../../../errors.ts'
import type { Clock } from '../../clock.ts'
import { type JsonValue, parseJson, stringifyJson } from '../json/text.ts'
import type { Activity } from './activity.ts'
import { isResponse, readMessage, request } from './envelope.ts'
import { callError } from './error-map.ts'
import type { LotusFetch } from './node-fetch.ts'
import { callScope } from './scope.ts'

/** What an HTTP transport needs. */
export interface HttpRpcInit {
  readonly url: string
  /** URL for error messages: no credentials, no query. */
  readonly endpoint: string
  readonly token: string | undefined
  readonly clock: Clock
  readonly fetch: LotusFetch
  readonly activity: Activity
}

/** Options of one call. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined
  /** No limit when undefined. */
  readonly timeoutMs?: number | undefined
}

/** JSON-RPC over HTTP POST. */
export class HttpRpc {
  #nextId = 1

  constructor(private readonly init: HttpRpcInit) {}

  /** Calls `name` (`Filecoin.X`) as Lotus method `method`, resolving with the raw result. */
  async call(
    method: string,
    name: string,
    params: readonly unknown[],
    options: CallOptions = {},
  ): Promise<JsonValue> {
    const { init } = this
    const scope = callScope(init.clock, method, options.timeoutMs, options.signal)
    const early = scope.reason()
    if (early !== undefined) {
      scope.dispose()
      throw early
    }
    const end = init.activity.begin()
    const id = this.#nextId++
    try {
      let status: number
      let body: string
      try {
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`
        const response = await init.fetch(init.url, {
          method: 'POST',
          headers,
          body: stringifyJson(request(id, name, params)),
          signal: scope.signal,
        })
        status = response.status
        body = await response.text()
      } catch (error) {
        throw (
          scope.reason() ??
          new LotusTransportError(init.endpoint, method, `request failed: ${messageOf(error)}`, {
            cause: error,
          })
        )
      }
      if (status === 401)
        throw new LotusAuthError('unauthorized', method, 'the node refused the token (HTTP 401)')
      let message: ReturnType<typeof readMessage>
      try {
        message = readMessage(parseJson(body))
      } catch (error) {
        throw new LotusTransportError(init.endpoint, method, `HTTP ${status} answer is not JSON`, {
          cause: error,
          status,
        })
      }
      if (message === undefined || !isResponse(message) || message.id !== id) {
        throw new LotusTransportError(
          init.endpoint,
          method,
          `HTTP ${status} answer is not a JSON-RPC response`,
          { status },
        )
      }
      if ('error' in message) throw callError(method, params, message.error)
      return message.result
    } finally {
      scope.dispose()
      end()
    }
  }
}
