/**
 * The client's end of an HTTP pull: a `node:http` server that serves registered CARs at
 * unguessable paths, answering HEAD (Content-Length), GET with a single Range (206, 416 for a bad
 * range) and checking the secret header of each registration (401 missing, 403 wrong).
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CID } from 'multiformats/cid'
import { AbortError, HttpTransferClosedError } from '../../errors.ts'
import { encodeHttpRequest } from '../../market/mk12/http-request.ts'
import { TRANSFER_TYPE_HTTP } from '../../market/mk12/types.ts'
import type { AbortOptions } from '../node.ts'
import { carSourceOf } from './car-sources.ts'
import { CAR_CONTENT_TYPE, DEFAULT_PROGRESS_BYTES } from './constants.ts'
import { Listeners } from './listeners.ts'
import { parseRange } from './range.ts'
import type {
  CarPayload,
  CarRegisterOptions,
  CarRegistration,
  CarServer,
  CarServerEvent,
  CarServerInit,
  CarServerListener,
  CarSource,
} from './types.ts'

interface Entry {
  readonly registration: CarRegistration
  readonly source: CarSource
  /** Expected header value, or undefined when the payload is open. */
  readonly secret: string | undefined
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Serves CARs for HTTP pulls. Each registration gets a random path and, by default, a random
 * bearer token; its `transfer` is the `DealParams.Transfer` to send.
 *
 * @example
 * const server = new HttpCarServer({ host: '127.0.0.1' })
 * await server.listen()
 * const { root, car } = await buildCar(data)
 * const { transfer } = await server.register(root, car)
 */
export class HttpCarServer implements CarServer {
  readonly #init: CarServerInit
  readonly #entries = new Map<string, Entry>()
  readonly #listeners = new Listeners<CarServerEvent>()
  readonly #server: Server
  #url: string | undefined
  #closed = false

  constructor(init: CarServerInit = {}) {
    this.#init = init
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch(() => {
        response.destroy()
      })
    })
  }

  get url(): string {
    if (this.#url === undefined) throw new HttpTransferClosedError('the CAR server is not listening')
    return this.#url
  }

  async listen(options?: AbortOptions): Promise<void> {
    if (this.#closed) throw new HttpTransferClosedError('the CAR server is closed')
    if (options?.signal?.aborted === true) throw new AbortError()
    const host = this.#init.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.#init.port ?? 0, host, () => {
        this.#server.off('error', reject)
        resolve()
      })
    })
    const address = this.#server.address() as AddressInfo
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
    this.#url = (this.#init.publicUrl ?? `http://${shown}:${address.port}`).replace(/\/+$/, '')
  }

  async register(root: CID, payload: CarPayload, options?: CarRegisterOptions): Promise<CarRegistration> {
    if (options?.signal?.aborted === true) throw new AbortError()
    if (this.#closed) throw new HttpTransferClosedError('the CAR server is closed')
    const base = this.url
    const source = await carSourceOf(payload)
    const id = randomBytes(16).toString('base64url')
    const token = options?.token === undefined ? randomBytes(24).toString('base64url') : options.token
    const headerName = this.#init.authHeader ?? 'Authorization'
    const secret =
      token === null ? undefined : headerName.toLowerCase() === 'authorization' ? `Bearer ${token}` : token
    const headers: Record<string, string> = secret === undefined ? {} : { [headerName]: secret }
    const url = `${base}/${id}`
    const request = { URL: url, Headers: secret === undefined ? null : headers }
    const registration: CarRegistration = {
      id,
      root,
      size: source.size,
      url,
      headers,
      request,
      transfer: {
        Type: TRANSFER_TYPE_HTTP,
        ClientID: options?.clientId ?? '',
        Params: encodeHttpRequest(request),
        Size: Number(source.size),
      },
    }
    this.#entries.set(id, { registration, source, secret })
    return registration
  }

  unregister(id: string): void {
    this.#entries.delete(id)
  }

  subscribe(listener: CarServerListener): () => void {
    return this.#listeners.add(listener)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#entries.clear()
    if (!this.#server.listening) return
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    this.#server.closeAllConnections()
    await closed
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    const id = (request.url ?? '/').split('?')[0]?.slice(1) ?? ''
    const entry = this.#entries.get(id)
    const answer = (status: number, headers: Record<string, string> = {}): void => {
      response.writeHead(status, headers).end()
      this.#listeners.notify({ type: 'request', method, id: entry === undefined ? undefined : id, status })
    }
    if (entry === undefined) return answer(404)
    if (method !== 'GET' && method !== 'HEAD') return answer(405, { Allow: 'GET, HEAD' })
    if (entry.secret !== undefined) {
      const given = request.headers[(this.#init.authHeader ?? 'Authorization').toLowerCase()]
      if (given === undefined) return answer(401, { 'WWW-Authenticate': 'Bearer' })
      if (typeof given !== 'string' || !sameSecret(given, entry.secret)) return answer(403)
    }
    const size = entry.source.size
    const common = { 'Accept-Ranges': 'bytes', 'Content-Type': CAR_CONTENT_TYPE }
    if (method === 'HEAD') return answer(200, { ...common, 'Content-Length': size.toString() })
    const range = parseRange(request.headers.range, size)
    if (range === 'unsatisfiable') return answer(416, { 'Content-Range': `bytes */${size}` })
    const start = range?.start ?? 0n
    const end = range?.end ?? size
    const status = range === undefined ? 200 : 206
    const headers: Record<string, string> = { ...common, 'Content-Length': (end - start).toString() }
    if (range !== undefined) headers['Content-Range'] = `bytes ${start}-${end - 1n}/${size}`
    response.writeHead(status, headers)
    this.#listeners.notify({ type: 'request', method, id, status })
    await this.#send(entry, response, start, end)
  }

  async #send(entry: Entry, response: ServerResponse, start: bigint, end: bigint): Promise<void> {
    const { id, root } = entry.registration
    const every = BigInt(this.#init.progressEveryBytes ?? DEFAULT_PROGRESS_BYTES)
    const controller = new AbortController()
    const onClose = (): void => controller.abort()
    response.once('close', onClose)
    let sent = 0n
    let reported = 0n
    try {
      for await (const chunk of entry.source.read(start, end, controller.signal)) {
        if (controller.signal.aborted) break
        if (!response.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              response.off('drain', done)
              response.off('close', done)
              resolve()
            }
            response.on('drain', done)
            response.on('close', done)
          })
        }
        sent += BigInt(chunk.length)
        if (sent - reported >= every) {
          reported = sent
          this.#listeners.notify({ type: 'progress', id, root, start, sent, length: end - start })
        }
      }
    } catch {
      // A source failure or a closed connection: the provider sees a short body and retries.
    }
    response.off('close', onClose)
    if (sent === end - start && !controller.signal.aborted) {
      response.end()
      this.#listeners.notify({ type: 'served', id, root, start, length: sent })
    } else {
      response.destroy()
      this.#listeners.notify({ type: 'aborted', id, root, start, sent })
    }
  }
}
