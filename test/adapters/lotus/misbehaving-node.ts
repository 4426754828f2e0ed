/**
 * A node that misbehaves on purpose, on 127.0.0.1: it hangs, answers what is not JSON-RPC, or
 * refuses WebSocket upgrades, and counts what it was asked. Stopped when the test finishes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { onTestFinished } from 'vitest'

/** What the node does with an HTTP request. */
export type Behaviour = (request: IncomingMessage, response: ServerResponse) => void

/** A running misbehaving node. */
export interface MisbehavingNode {
  readonly url: string
  readonly wsUrl: string
  /** HTTP requests received. */
  readonly requests: () => number
  /** WebSocket upgrade attempts received (each answered with `upgradeStatus`). */
  readonly upgrades: () => number
}

/** Starts a node that answers HTTP with `behaviour` and every upgrade with `upgradeStatus`. */
export async function misbehavingNode(behaviour: Behaviour, upgradeStatus = 503): Promise<MisbehavingNode> {
  let requests = 0
  let upgrades = 0
  const server = createServer((request, response) => {
    requests++
    behaviour(request, response)
  })
  server.on('upgrade', (_request, socket) => {
    upgrades++
    // The client drops the connection as soon as it reads the refusal.
    socket.on('error', () => undefined)
    socket.end(`HTTP/1.1 ${upgradeStatus} Nope\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  onTestFinished(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return {
    url: `http://127.0.0.1:${port}/rpc/v1`,
    wsUrl: `ws://127.0.0.1:${port}/rpc/v1`,
    requests: () => requests,
    upgrades: () => upgrades,
  }
}

/** Never answers. */
export const hang: Behaviour = () => undefined

/** Answers with a fixed status and body. */
export function answer(status: number, body: string): Behaviour {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(body)
  }
}
