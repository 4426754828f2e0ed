/**
 * The devnet: a simulated chain served over the Lotus JSON-RPC API (HTTP and WebSocket on
 * `/rpc/v1`), on a loopback address, behind a bearer token, so that any number of processes can
 * share one chain through the Lotus chain adapter. Epochs advance at a chosen speed, or on request
 * (`Devnet.Advance`, or the chain object in the devnet's own process).
 *
 * @module
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Datastore } from 'interface-datastore'
import { WebSocketServer } from 'ws'
import type { Clock } from '../clock.ts'
import type { LotusPermission } from '../lotus/methods.ts'
import type { SimChain } from '../sim-chain/sim-chain.ts'
import { ALL_PERMISSIONS, DevnetAuth } from './auth.ts'
import { type DevnetAccounts, type DevnetGenesisInit, openDevnetChain } from './devnet-chain.ts'
import { type DevnetCall, Dispatcher } from './dispatch.ts'
import { handleHttp, RPC_PATH } from './http-handler.ts'
import { CHAIN_METHODS } from './methods-chain.ts'
import { DEVNET_METHODS } from './methods-devnet.ts'
import { STATE_METHODS } from './methods-state.ts'
import { WALLET_METHODS } from './methods-wallet.ts'
import { TipSetIndex } from './tipset-index.ts'
import { WsSession } from './ws-session.ts'

/** Options of {@link startDevnet}. */
export interface DevnetInit {
  /** The chain to serve; it stays the caller's (not closed with the devnet). @default a new chain, see `genesis` */
  readonly chain?: SimChain
  /** Where to listen: a loopback host only. @default { host: '127.0.0.1', port: 0 } (any free port) */
  readonly listen?: { readonly host?: string; readonly port?: number }
  /** The admin token to accept. @default a JWT generated at start, with every permission */
  readonly token?: string
  /** Where a chain the devnet opens saves itself and its keys, to be resumed later. Not with `chain`. */
  readonly store?: Datastore
  /** Accounts of a chain the devnet opens. Not with `chain`. */
  readonly genesis?: DevnetGenesisInit
  /** Apply one epoch every this many ms of the clock. @default none: epochs advance on request */
  readonly msPerEpoch?: number
  /** Clock of a chain the devnet opens (and drives with `msPerEpoch`). @default the wall clock */
  readonly clock?: Clock
  /** Called with every request that passed the method and parameter-count checks. */
  readonly onCall?: (call: DevnetCall) => void
}

/** A running devnet. */
export interface Devnet {
  /** The HTTP endpoint, e.g. `http://127.0.0.1:40123/rpc/v1`. */
  readonly url: string
  /** The WebSocket endpoint. */
  readonly wsUrl: string
  /** The admin token. */
  readonly token: string
  /** The chain served. */
  readonly chain: SimChain
  /** The accounts of a chain the devnet opened; undefined for a chain given in `init.chain`. */
  readonly accounts: DevnetAccounts | undefined
  /** ChainNotify channels open by clients. */
  readonly headSubscriptions: number
  /** Requests being served now, waiting StateWaitMsg calls included (ChainNotify channels are not). */
  readonly requestsInFlight: number
  /** A token with only `allow` (for clients that should not sign, for one). */
  createToken(allow: readonly LotusPermission[]): string
  /** Closes every WebSocket connection, as a restarting node would; clients reconnect. */
  dropConnections(): void
  /** Stops serving; closes the chain too if the devnet opened it. Later calls wait for the first. */
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/** Largest WebSocket message accepted, as large as an HTTP request body. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024

/**
 * Starts a devnet.
 *
 * @example
 * const devnet = await startDevnet({ msPerEpoch: 1000 })
 * const chain = createLotusChain({ url: devnet.url, token: devnet.token })
 */
export async function startDevnet(init: DevnetInit = {}): Promise<Devnet> {
  const host = init.listen?.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) throw new RangeError(`the devnet only listens on loopback, not on ${host}`)
  if (init.chain !== undefined && (init.store !== undefined || init.genesis !== undefined)) {
    throw new RangeError('store and genesis are for a chain the devnet opens, not for a given chain')
  }
  const opened =
    init.chain === undefined ? await openDevnetChain(init.genesis ?? {}, init.store, init.clock) : undefined
  const chain = opened?.chain ?? (init.chain as SimChain)
  const index = new TipSetIndex(chain)
  index.add(chain.head)
  const auth = new DevnetAuth(init.token)
  const token = init.token ?? auth.createToken(ALL_PERMISSIONS)
  const methods = new Map(
    Object.entries({ ...CHAIN_METHODS, ...STATE_METHODS, ...WALLET_METHODS, ...DEVNET_METHODS }),
  )
  const dispatcher = new Dispatcher(methods, { chain, index, nonces: new Map() }, init.onCall)
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const server = createServer((request, response) => {
    handleHttp(request, response, auth, dispatcher).catch(() => {
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://devnet').pathname
    const permissions = path === RPC_PATH ? auth.authorize(request) : undefined
    // A client may reset the connection at any point; that only ends this connection.
    socket.on('error', () => socket.destroy())
    if (permissions === undefined) {
      const status = path === RPC_PATH ? '401 Unauthorized' : '404 Not Found'
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => new WsSession(ws, permissions, dispatcher, chain))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(init.listen?.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const origin = `${host.includes(':') ? `[${host}]` : host}:${port}`
  if (init.msPerEpoch !== undefined) chain.run(init.msPerEpoch)
  let closing: Promise<void> | undefined
  return {
    url: `http://${origin}${RPC_PATH}`,
    wsUrl: `ws://${origin}${RPC_PATH}`,
    token,
    chain,
    accounts: opened?.accounts,
    get headSubscriptions() {
      return Math.max(0, chain.headSubscriptions - (index.subscribed ? 1 : 0))
    },
    get requestsInFlight() {
      return dispatcher.running
    },
    createToken: (allow) => auth.createToken(allow),
    dropConnections: () => {
      for (const client of sockets.clients) client.terminate()
    },
    close: () => {
      closing ??= (async () => {
        if (init.msPerEpoch !== undefined) chain.pause()
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await index.close()
        if (opened !== undefined) await opened.chain.close()
      })()
      return closing
    },
  }
}
