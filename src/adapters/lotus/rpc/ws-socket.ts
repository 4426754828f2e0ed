/**
 * The WebSocket under {@link WsRpc}: opened on demand with the bearer token on the upgrade
 * request, and reopened after a drop while its owner still needs it, at once and then with growing
 * delays on the injected clock. A 401 on the upgrade is reported and not retried.
 *
 * @module
 */
import WebSocket from 'ws'
import type { Clock, TimerId } from '../../clock.ts'
import { type BackoffOptions, backoffDelay } from './backoff.ts'

/** What the socket tells its owner. */
export interface SocketEvents {
  /** The socket is open: send what waits. */
  onOpen(): void
  onMessage(text: string): void
  /** The socket closed; `refused` is the HTTP status when the upgrade was refused. */
  onClose(refused: number | undefined): void
  /** Whether to open the socket again after a drop. */
  wanted(): boolean
}

/** Settings of the socket. */
export interface SocketInit {
  readonly url: string
  readonly token: string | undefined
  readonly clock: Clock
  readonly reconnect: BackoffOptions
}

/** One reconnecting WebSocket. */
export class ReconnectingSocket {
  #socket: WebSocket | undefined
  #open = false
  #closed = false
  #attempt = 0
  #timer: TimerId | undefined
  #pongs: (() => void)[] = []

  constructor(
    private readonly init: SocketInit,
    private readonly events: SocketEvents,
  ) {}

  /** True while open. */
  get open(): boolean {
    return this.#open
  }

  /** True while a reconnect is scheduled or a socket is opening. */
  get connecting(): boolean {
    return this.#timer !== undefined || (this.#socket !== undefined && !this.#open)
  }

  /** Sends a frame if open; returns false otherwise. */
  send(frame: string): boolean {
    if (!this.#open || this.#socket === undefined) return false
    this.#socket.send(frame)
    return true
  }

  /** Opens the socket unless it is open, opening or waiting to reopen. */
  connect(): void {
    if (this.#socket !== undefined || this.#timer !== undefined || this.#closed) return
    const headers: Record<string, string> = {}
    if (this.init.token !== undefined) headers.authorization = `Bearer ${this.init.token}`
    const socket = new WebSocket(this.init.url, { headers })
    let refused: number | undefined
    this.#socket = socket
    socket.on('open', () => {
      this.#open = true
      this.#attempt = 0
      this.events.onOpen()
    })
    socket.on('message', (data) => this.events.onMessage(String(data)))
    socket.on('pong', () => this.#pongs.shift()?.())
    socket.on('unexpected-response', (_request, response) => {
      refused = response.statusCode
      response.resume()
      socket.terminate()
    })
    // A failed socket always closes too, and 'close' does the work.
    socket.on('error', () => undefined)
    socket.on('close', () => this.#onClose(socket, refused))
  }

  /** Resolves once the node has answered a ping, so every frame it sent before has been handled. */
  sync(): Promise<void> {
    const socket = this.#socket
    if (socket === undefined || !this.#open) return Promise.resolve()
    return new Promise((resolve) => {
      this.#pongs.push(resolve)
      socket.ping()
    })
  }

  /** Closes for good. */
  close(): void {
    this.#closed = true
    if (this.#timer !== undefined) this.init.clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#socket?.close()
  }

  #onClose(socket: WebSocket, refused: number | undefined): void {
    if (socket !== this.#socket) return
    this.#socket = undefined
    this.#open = false
    const pongs = this.#pongs
    this.#pongs = []
    for (const pong of pongs) pong()
    this.events.onClose(refused)
    if (this.#closed || refused === 401 || !this.events.wanted()) return
    const delay = backoffDelay(this.#attempt++, this.init.reconnect)
    if (delay === 0) {
      this.connect()
      return
    }
    this.#timer = this.init.clock.setTimeout(() => {
      this.#timer = undefined
      if (this.events.wanted()) this.connect()
    }, delay)
  }
}
