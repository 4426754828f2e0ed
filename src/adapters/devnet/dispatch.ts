/**
 * One JSON-RPC request against the devnet's method table, checked as go-jsonrpc and Lotus check
 * it: the envelope (-32700 / -32600), the method (-32601, also for ChainNotify over HTTP), the
 * parameter count (-32602), the token's permission (code 1, as Lotus), each parameter's decoding
 * (-32700), and finally the method's own failure in Lotus' words.
 *
 * @module
 */
import { messageOf } from '../../errors.ts'
import type { JsonValue } from '../lotus/json/text.ts'
import type { LotusPermission } from '../lotus/methods.ts'
import type { RpcErrorObject } from '../lotus/rpc/envelope.ts'
import { type HandlerContext, type MethodHandler, ParamError, Params } from './handler.ts'
import {
  invalidRequest,
  methodFailure,
  methodNotFound,
  missingPermission,
  parseFailure,
  RpcFailure,
  wrongParamCount,
} from './rpc-errors.ts'

/** A request the devnet received, for {@link DevnetInit.onCall}. */
export interface DevnetCall {
  /** The JSON-RPC method name, e.g. `Filecoin.ChainHead`. */
  readonly method: string
  readonly params: readonly JsonValue[]
  readonly transport: 'http' | 'ws'
}

/** A request that passed the envelope, method and parameter-count checks. */
export interface ResolvedRequest {
  readonly id: JsonValue
  readonly method: string
  readonly handler: MethodHandler
  readonly params: readonly JsonValue[]
}

/** A response object and the HTTP status go-jsonrpc sends it with. */
export interface DispatchResult {
  readonly status: number
  readonly body: { readonly jsonrpc: '2.0'; readonly id: JsonValue } & (
    | { readonly result: unknown }
    | { readonly error: RpcErrorObject }
  )
}

/** The error response to a failed request. */
export function failure(id: JsonValue, error: RpcFailure): DispatchResult {
  return { status: error.status, body: { jsonrpc: '2.0', id, error: error.error } }
}

/** Runs requests against a method table. */
export class Dispatcher {
  #running = 0

  constructor(
    private readonly methods: ReadonlyMap<string, MethodHandler>,
    private readonly context: Omit<HandlerContext, 'signal'>,
    private readonly onCall: ((call: DevnetCall) => void) | undefined,
  ) {}

  /** Checks a request's envelope, method and parameter count. Throws RpcFailure. */
  resolve(value: JsonValue, transport: 'http' | 'ws'): ResolvedRequest {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw parseFailure(undefined, 'a request must be an object')
    }
    const { id = null, method, params = [] } = value
    if (typeof method !== 'string') throw invalidRequest('a request names a method')
    const handler = this.methods.get(method)
    if (handler === undefined) throw methodNotFound(method)
    if (!Array.isArray(params)) throw parseFailure(method, 'params must be an array')
    if (handler.channel === true && transport === 'http') {
      throw methodNotFound(method, 'not supported in this mode (no out channel support)')
    }
    if (params.length !== handler.params) throw wrongParamCount(method, params.length, handler.params)
    this.onCall?.({ method, params, transport })
    return { id, method, handler, params }
  }

  /** Requests being served now (a waiting StateWaitMsg among them). */
  get running(): number {
    return this.#running
  }

  /** Runs a resolved request with the caller's permissions. */
  async run(
    request: ResolvedRequest,
    permissions: ReadonlySet<LotusPermission>,
    signal: AbortSignal,
  ): Promise<DispatchResult> {
    const { id, method, handler } = request
    if (!permissions.has(handler.permission)) {
      const name = method.slice(method.indexOf('.') + 1)
      return { status: 200, body: { jsonrpc: '2.0', id, error: missingPermission(name, handler.permission) } }
    }
    this.#running++
    try {
      const result = await handler.run(new Params(request.params), { ...this.context, signal })
      return { status: 200, body: { jsonrpc: '2.0', id, result: result ?? null } }
    } catch (error) {
      if (error instanceof ParamError)
        return failure(id, parseFailure(method, messageOf(error.cause), error.index))
      return { status: 200, body: { jsonrpc: '2.0', id, error: methodFailure(error) } }
    } finally {
      this.#running--
    }
  }

  /** Resolves and runs one request; every failure becomes an error response. */
  async handle(
    value: JsonValue,
    permissions: ReadonlySet<LotusPermission>,
    transport: 'http' | 'ws',
    signal: AbortSignal,
  ): Promise<DispatchResult> {
    let request: ResolvedRequest
    try {
      request = this.resolve(value, transport)
    } catch (error) {
      const id =
        typeof value === 'object' && value !== null && !Array.isArray(value) ? (value.id ?? null) : null
      if (error instanceof RpcFailure) return failure(id, error)
      throw error
    }
    return this.run(request, permissions, signal)
  }
}
