/**
 * The JSON-RPC 2.0 envelope as go-jsonrpc speaks it: integer ids, positional params, and a
 * response carrying either `result` or `error: {code, message, data?, meta?}`. WebSocket channel
 * values arrive as notifications without an id.
 *
 * @module
 */
import type { JsonValue } from '../json/text.ts'

/** The `error` member of a failed response. */
export interface RpcErrorObject {
  readonly code: number
  readonly message: string
  readonly data?: JsonValue
}

/** A response, matched to its request by id. */
export type RpcResponse =
  | { readonly id: number; readonly result: JsonValue }
  | { readonly id: number; readonly error: RpcErrorObject }

/** A notification: a channel value or close (`xrpc.ch.val`, `xrpc.ch.close`), or a cancel. */
export interface RpcNotification {
  readonly method: string
  readonly params: readonly JsonValue[]
}

/** A request object. */
export function request(id: number, method: string, params: readonly unknown[]): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, params }
}

/** A notification object. */
export function notification(method: string, params: readonly unknown[]): Record<string, unknown> {
  return { jsonrpc: '2.0', method, params }
}

function isRecord(value: unknown): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a response or a notification; anything else is undefined. */
export function readMessage(value: JsonValue): RpcResponse | RpcNotification | undefined {
  if (!isRecord(value)) return undefined
  const { id, method, params } = value
  if (typeof method === 'string' && id === undefined) {
    return Array.isArray(params) ? { method, params } : undefined
  }
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined
  if (Object.hasOwn(value, 'error') && value.error !== null) {
    const error = value.error
    if (!isRecord(error) || typeof error.code !== 'number' || typeof error.message !== 'string')
      return undefined
    const data = error.data
    return {
      id,
      error:
        data === undefined
          ? { code: error.code, message: error.message }
          : { code: error.code, message: error.message, data },
    }
  }
  if (!Object.hasOwn(value, 'result')) return undefined
  return { id, result: value.result ?? null }
}

/** True for a response (as opposed to a notification). */
export function isResponse(message: RpcResponse | RpcNotification): message is RpcResponse {
  return 'id' in message
}
