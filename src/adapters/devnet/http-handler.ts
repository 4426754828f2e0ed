/**
 * The devnet's HTTP side: `POST /rpc/v1` with a JSON-RPC request or a batch of them. A request
 * without a valid token gets 401 and no body, as from Lotus; other answers carry go-jsonrpc's
 * statuses (200, 500 for protocol errors, 400 for an empty request).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { messageOf } from '../../errors.ts'
import { type JsonValue, parseJson, stringifyJson } from '../lotus/json/text.ts'
import type { DevnetAuth } from './auth.ts'
import { type Dispatcher, type DispatchResult, failure } from './dispatch.ts'
import { invalidRequest, parseFailure } from './rpc-errors.ts'

/** The path Lotus serves its v1 API on. */
export const RPC_PATH = '/rpc/v1'

/** Largest request body accepted. */
const MAX_BODY_BYTES = 16 * 1024 * 1024

function reply(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end()
    return
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(stringifyJson(body))
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Serves one HTTP request. */
export async function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  auth: DevnetAuth,
  dispatcher: Dispatcher,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://devnet').pathname
  if (path !== RPC_PATH) return reply(response, 404)
  if (request.method !== 'POST') return reply(response, 405)
  const permissions = auth.authorize(request)
  if (permissions === undefined) return reply(response, 401)
  const controller = new AbortController()
  // The client hung up before the answer: stop waiting on its behalf.
  response.on('close', () => controller.abort())
  const body = await readBody(request)
  if (body === undefined) return reply(response, 413)
  if (body.trim() === '') return send(response, failure(null, invalidRequest('empty request')))
  let value: JsonValue
  try {
    value = parseJson(body)
  } catch (error) {
    return send(response, failure(null, parseFailure(undefined, messageOf(error))))
  }
  if (!Array.isArray(value)) {
    return send(response, await dispatcher.handle(value, permissions, 'http', controller.signal))
  }
  if (value.length === 0) return send(response, failure(null, invalidRequest('empty batch')))
  const results = await Promise.all(
    value.map((item) => dispatcher.handle(item, permissions, 'http', controller.signal)),
  )
  reply(
    response,
    200,
    results.map((result) => result.body),
  )
}

function send(response: ServerResponse, result: DispatchResult): void {
  reply(response, result.status, result.body)
}
