/**
 * From a Lotus error answer to a typed error. Protocol codes and permission failures have their
 * own classes; a method failure becomes LotusMethodError, raised as the chain contract's own error
 * where the contract names one. Lotus gives most method failures code 1 and tells them apart only
 * by text, so those are recognised by the wording of its messages, all in this one place.
 *
 * @module
 */
import {
  ActorNotFoundError,
  type FilDealError,
  KeyNotFoundError,
  LotusAuthError,
  LotusMethodError,
  LotusProtocolError,
  type LotusProtocolReason,
  MarketDealNotFoundError,
  MessageNotFoundError,
  NotEnoughFundsError,
  TipSetNotFoundError,
} from '../../../errors.ts'
import type { RpcErrorObject } from './envelope.ts'

/** go-jsonrpc's protocol error codes. */
export const RpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  /** Lotus' typed "actor not found" (api/api_errors.go). */
  ActorNotFound: 11,
  /** Lotus' default code for a failing method. */
  MethodError: 1,
} as const

const PROTOCOL: ReadonlyMap<number, LotusProtocolReason> = new Map([
  [RpcCode.ParseError, 'parse-error'],
  [RpcCode.InvalidRequest, 'invalid-request'],
  [RpcCode.MethodNotFound, 'method-not-found'],
  [RpcCode.InvalidParams, 'invalid-params'],
])

const PERMISSION = /missing permission to invoke '[^']*' \(need '([a-z]+)'\)/
const ACTOR_NOT_FOUND = /actor not found/i
const DEAL_NOT_FOUND = /deal \d+ not found/i
const MESSAGE_NOT_FOUND = /failed to load message/i
const NOT_ENOUGH_FUNDS = /not enough funds|insufficient funds/i
const TIPSET_NOT_FOUND = /loading tipset/i
const KEY_NOT_FOUND = /key not found/i

const SPENDING = new Set(['MpoolPushMessage', 'MarketAddBalance', 'MarketWithdraw'])

function text(value: unknown): string {
  if (typeof value === 'string') return value
  // A message parameter names its actor by sender.
  const from =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>).From : undefined
  return typeof from === 'string' ? from : String(value)
}

/** The CID string of a JSON CID parameter. */
function cidText(value: unknown): string {
  const link =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['/'] : undefined
  return typeof link === 'string' ? link : text(value)
}

/**
 * The error a failed call of `method` (a Lotus method name without prefix) raises, given the JSON
 * params it was called with.
 */
export function callError(method: string, params: readonly unknown[], error: RpcErrorObject): FilDealError {
  const protocol = PROTOCOL.get(error.code)
  if (protocol !== undefined) return new LotusProtocolError(protocol, method, error.code, error.message)
  if (PERMISSION.test(error.message)) return new LotusAuthError('permission', method, error.message)
  const cause = new LotusMethodError(method, error.code, error.message)
  const options = { cause }
  const first = params[0]
  if (
    method === 'StateMarketStorageDeal' &&
    DEAL_NOT_FOUND.test(error.message) &&
    typeof first !== 'object'
  ) {
    return new MarketDealNotFoundError(BigInt(first as number | bigint), options)
  }
  if (MESSAGE_NOT_FOUND.test(error.message)) {
    const cid = method === 'StateSearchMsg' ? params[1] : first
    return new MessageNotFoundError(cidText(cid), options)
  }
  if (SPENDING.has(method) && NOT_ENOUGH_FUNDS.test(error.message)) {
    return new NotEnoughFundsError(`${method}: ${error.message}`, options)
  }
  if (error.code === RpcCode.ActorNotFound || ACTOR_NOT_FOUND.test(error.message)) {
    return new ActorNotFoundError(text(first), options)
  }
  if (TIPSET_NOT_FOUND.test(error.message))
    return new TipSetNotFoundError(`${method}: ${error.message}`, options)
  if ((method === 'WalletSign' || SPENDING.has(method)) && KEY_NOT_FOUND.test(error.message)) {
    return new KeyNotFoundError(text(first), options)
  }
  return cause
}
