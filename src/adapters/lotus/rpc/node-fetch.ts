/**
 * The HTTP client of the Lotus adapter: the one POST it makes, as a narrow part of the fetch API
 * (so `globalThis.fetch` is one), and {@link nodeHttpFetch}, the same POST on Node's own HTTP
 * client with kept-alive connections, which costs about half the CPU of `fetch` per call: the
 * better choice for a process that makes many calls to a node it shares a machine with.
 *
 * @module
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/** The request the adapter makes. */
export interface LotusFetchInit {
  readonly method: 'POST'
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly signal: AbortSignal
}

/** What the adapter reads of an answer. */
export interface LotusFetchResponse {
  readonly status: number
  text(): Promise<string>
}

/** An HTTP client for the adapter; `globalThis.fetch` is one. */
export type LotusFetch = (url: string, init: LotusFetchInit) => Promise<LotusFetchResponse>

/** A {@link LotusFetch} that can drop its kept-alive connections. */
export interface ClosableLotusFetch extends LotusFetch {
  /** Closes the idle connections; a later call opens new ones. */
  close(): void
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    response.on('error', reject)
  })
}

/**
 * A {@link LotusFetch} on `node:http` / `node:https` with kept-alive connections.
 *
 * @example
 * const fetch = nodeHttpFetch()
 * const chain = createLotusChain({ url, token }, { fetch })
 * // ... chain.close(); fetch.close()
 */
export function nodeHttpFetch(): ClosableLotusFetch {
  const http = new HttpAgent({ keepAlive: true })
  const https = new HttpsAgent({ keepAlive: true })
  const post: LotusFetch = (url, init) =>
    new Promise((resolve, reject) => {
      const secure = url.startsWith('https:')
      const options = { method: init.method, headers: init.headers, signal: init.signal }
      const onResponse = (response: IncomingMessage): void => {
        readBody(response).then((body) => {
          resolve({ status: response.statusCode ?? 0, text: async () => body })
        }, reject)
      }
      const request = secure
        ? httpsRequest(url, { ...options, agent: https }, onResponse)
        : httpRequest(url, { ...options, agent: http }, onResponse)
      request.on('error', reject)
      request.end(init.body)
    })
  return Object.assign(post, {
    close: () => {
      http.destroy()
      https.destroy()
    },
  })
}
