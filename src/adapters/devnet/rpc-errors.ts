/**
 * Devnet failures in Lotus' words: the JSON-RPC error a Lotus node would send for each failure of
 * the simulated chain, so that a client maps them as it maps a real node's (lotus/rpc/error-map.ts).
 *
 * @module
 */
import {
  ActorNotFoundError,
  KeyNotFoundError,
  MarketDealNotFoundError,
  MessageNotFoundError,
  messageOf,
  NotEnoughFundsError,
  TipSetNotFoundError,
} from '../../errors.ts'
import type { RpcErrorObject } from '../lotus/rpc/envelope.ts'
import { RpcCode } from '../lotus/rpc/error-map.ts'

/** A refused request, with the HTTP status go-jsonrpc answers it with. */
export class RpcFailure extends Error {
  constructor(
    readonly error: RpcErrorObject,
    readonly status: number,
  ) {
    super(error.message)
  }
}

/** -32700: the body, or parameter `index` of `method`, does not decode. */
export function parseFailure(method: string | undefined, detail: string, index?: number): RpcFailure {
  const where =
    method === undefined ? '' : ` for '${method}'${index === undefined ? '' : ` (param: ${index})`}`
  return new RpcFailure({ code: RpcCode.ParseError, message: `unmarshaling params${where}: ${detail}` }, 500)
}

/** -32601: no such method (or a channel method over HTTP). */
export function methodNotFound(method: string, detail = 'not found'): RpcFailure {
  return new RpcFailure({ code: RpcCode.MethodNotFound, message: `method '${method}' ${detail}` }, 500)
}

/** -32602: wrong parameter count. */
export function wrongParamCount(method: string, got: number, expected: number): RpcFailure {
  const message = `wrong param count (method '${method}'): ${got} != ${expected}`
  return new RpcFailure({ code: RpcCode.InvalidParams, message }, 500)
}

/** -32600: no request. */
export function invalidRequest(detail: string): RpcFailure {
  return new RpcFailure({ code: RpcCode.InvalidRequest, message: detail }, 400)
}

/** The method ran but the token lacks its permission (code 1, as Lotus). */
export function missingPermission(method: string, permission: string): RpcErrorObject {
  return {
    code: RpcCode.MethodError,
    message: `missing permission to invoke '${method}' (need '${permission}')`,
  }
}

/** The JSON-RPC error of a method that threw `error`. */
export function methodFailure(error: unknown): RpcErrorObject {
  const text = messageOf(error)
  if (error instanceof ActorNotFoundError) {
    return {
      code: RpcCode.ActorNotFound,
      message: `resolution lookup failed (${error.address}): actor not found`,
    }
  }
  if (error instanceof MarketDealNotFoundError)
    return { code: RpcCode.MethodError, message: `deal ${error.dealId} not found` }
  if (error instanceof MessageNotFoundError) {
    return { code: RpcCode.MethodError, message: `failed to load message ${error.cid}: not found` }
  }
  if (error instanceof NotEnoughFundsError)
    return { code: RpcCode.MethodError, message: `mpool push: not enough funds: ${text}` }
  if (error instanceof TipSetNotFoundError)
    return { code: RpcCode.MethodError, message: `loading tipset: ${text}` }
  if (error instanceof KeyNotFoundError)
    return { code: RpcCode.MethodError, message: `key not found: ${error.address}` }
  return { code: RpcCode.MethodError, message: text }
}
