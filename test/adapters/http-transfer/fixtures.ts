import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { vi } from 'vitest'
import type { TransferSink } from '../../../src/adapters/data-transfer.ts'
import { HttpCarServer } from '../../../src/adapters/http-transfer/car-server.ts'
import type { CarServerInit, DownloadEvent } from '../../../src/adapters/http-transfer/types.ts'
import { buildCar } from '../../../src/adapters/piece/car.ts'
import { concat, pseudoRandomBytes } from '../piece/bytes.ts'

/** A CAR of `dataBytes` pseudo-random bytes. */
export async function sampleCar(dataBytes = 40_000, seed = 7) {
  return buildCar(pseudoRandomBytes(dataBytes, seed))
}

/** A listening CAR server; close it with `server.close()`. */
export async function startCarServer(init: CarServerInit = {}): Promise<HttpCarServer> {
  const server = new HttpCarServer(init)
  await server.listen()
  return server
}

/** A sink that keeps what it receives in memory. */
export function memorySink(): { sink: TransferSink; bytes: () => Uint8Array; closed: () => boolean } {
  const parts: Uint8Array[] = []
  let closed = false
  return {
    sink: {
      write: async (chunk) => {
        parts.push(Uint8Array.from(chunk))
      },
      close: async () => {
        closed = true
      },
    },
    bytes: () => concat(parts),
    closed: () => closed,
  }
}

/** What a scripted server saw. */
export interface SeenRequest {
  readonly method: string
  readonly range: string | undefined
  readonly headers: IncomingMessage['headers']
}

/** A raw HTTP server whose behaviour each test writes; records every request. */
export async function scriptedServer(
  handler: (request: IncomingMessage, response: ServerResponse, seen: readonly SeenRequest[]) => void,
): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void>; server: Server }> {
  const seen: SeenRequest[] = []
  const server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', range: request.headers.range, headers: request.headers })
    handler(request, response, seen)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/file.car`,
    seen,
    server,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}

/** Parses `bytes=a-b` into [a, b + 1). */
export function rangeOf(header: string | undefined, size: number): [number, number] {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header ?? '')
  if (match === null) return [0, size]
  return [Number(match[1]), match[2] === '' ? size : Number(match[2]) + 1]
}

/** Answers HEAD with `size` and a GET with the asked range of `bytes`, as a well-behaved server. */
export function serveRange(request: IncomingMessage, response: ServerResponse, bytes: Uint8Array): void {
  if (request.method === 'HEAD') {
    response.writeHead(200, { 'Content-Length': String(bytes.length) }).end()
    return
  }
  const [start, end] = rangeOf(request.headers.range, bytes.length)
  response.writeHead(206, {
    'Content-Length': String(end - start),
    'Content-Range': `bytes ${start}-${end - 1}/${bytes.length}`,
  })
  response.end(bytes.subarray(start, end))
}

/** Records download events and lets a test wait for one. */
export function recorder() {
  const events: DownloadEvent[] = []
  return {
    events,
    listener: (event: DownloadEvent) => {
      events.push(event)
    },
    types: () => events.map((event) => event.type),
  }
}

/** Waits (polling) until `check` passes; generous, since real sockets on a loaded machine can be slow. */
export function until(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 15_000, interval: 10 })
}
