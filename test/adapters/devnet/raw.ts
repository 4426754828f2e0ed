/**
 * Talking to the devnet without the adapter: raw JSON-RPC over fetch and over a WebSocket, to test
 * the protocol itself.
 */
import { onTestFinished } from 'vitest'
import WebSocket from 'ws'
import { parseJson, stringifyJson } from '../../../src/adapters/lotus/json/text.ts'

/** An HTTP answer: status and parsed body (undefined when empty). */
export interface RawAnswer {
  readonly status: number
  readonly body: unknown
}

/** POSTs `body` (a string is sent as is) with `token` as bearer, if any. */
export async function post(url: string, body: unknown, token?: string): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : stringifyJson(body),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : parseJson(text) }
}

/** A request object. */
export function call(method: string, params: readonly unknown[], id = 1): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, params }
}

/** A WebSocket whose incoming messages queue up for {@link RawSocket.next}. */
export interface RawSocket {
  send(message: unknown): void
  /** The next message received, parsed. */
  next(): Promise<unknown>
  /** Resolves once the devnet has handled everything sent so far. */
  sync(): Promise<void>
}

/** Opens a WebSocket to `url`; closed when the test finishes. */
export async function openSocket(url: string, token: string): Promise<RawSocket> {
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } })
  const queue: unknown[] = []
  const waiting: ((value: unknown) => void)[] = []
  socket.on('message', (data) => {
    const value = parseJson(String(data))
    const waiter = waiting.shift()
    if (waiter === undefined) queue.push(value)
    else waiter(value)
  })
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  onTestFinished(() => socket.terminate())
  return {
    send: (message) => socket.send(stringifyJson(message)),
    next: () =>
      queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve)),
    sync: () =>
      new Promise((resolve) => {
        socket.once('pong', () => resolve())
        socket.ping()
      }),
  }
}
