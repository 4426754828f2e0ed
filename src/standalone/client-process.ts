/**
 * A storage client as a process of its own: the client lifecycle over a Lotus node (its wallet
 * signing for the client address), deals kept in a LevelDB datastore under one store directory,
 * the libp2p market network, and an HTTP CAR server from which providers pull the payloads of
 * Boost (mk/1.2) deals, and the libp2p push transfer for go-fil-markets (mk/1.1) online deals.
 * Files are imported into CARs under the store, so a restarted client serves them again.
 *
 * The push is this library's own protocol (`/fildeal/transfer/push/1.0.0`), not go-data-transfer
 * over graphsync: mk/1.1 online deals work against fildeal providers only. Push channels live in
 * memory: a client restarted mid-push cannot resume the channel, and the deal fails.
 *
 * @module
 */

import { access, mkdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { NamespaceDatastore } from 'datastore-core'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import { type ChainNodeInit, type ClientNode, createClientNode } from '../adapters/chain-node/index.ts'
import { realClock } from '../adapters/clock.ts'
import { HttpCarServer, HttpTransferRegistry } from '../adapters/http-transfer/index.ts'
import type { CarServerInit } from '../adapters/http-transfer/types.ts'
import { Libp2pMarketNetwork } from '../adapters/libp2p/index.ts'
import {
  filePayload,
  Libp2pPushClientTransfer,
  type PushTimeouts,
} from '../adapters/libp2p-transfer/index.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { type CarFileImport, importFile } from '../adapters/piece/import-file.ts'
import { createStorageClient, type StorageClient, type StorageClientInit } from '../client/index.ts'
import { connectLotus, type LotusConnection, type LotusEndpoint } from './lotus-connection.ts'
import { loadOrCreatePeerKey } from './peer-key.ts'

/** Options of {@link startClientProcess}. */
export interface ClientProcessInit {
  /**
   * Directory of the client's state: `datastore/` (deals under `/client`), `cars/` (imported
   * payloads, one `<root>.car` each) and `libp2p.key` (its peer identity).
   */
  readonly store: string
  /** The Lotus node whose wallet holds the client's key. */
  readonly lotus: LotusEndpoint
  /** Multiaddrs the libp2p node listens on. @default ['/ip4/127.0.0.1/tcp/0'] */
  readonly listen?: readonly string[]
  /** Where the CAR server listens and the URL it puts in proposals. @default 127.0.0.1, any port */
  readonly carServer?: CarServerInit
  /** Timeouts of the libp2p push transfer (stall, response). */
  readonly push?: PushTimeouts
  /** Options of the client lifecycle (polling interval, acceptance grace). */
  readonly client?: StorageClientInit
  /** Message and watch confidences of the client node. */
  readonly node?: ChainNodeInit
  /** Told about failures nothing awaits. */
  readonly onError?: (error: Error) => void
}

/** A running client process. */
export interface ClientProcess {
  readonly client: StorageClient
  readonly node: ClientNode
  readonly network: Libp2pMarketNetwork
  readonly lotus: LotusConnection
  /** Base URL of the CAR server. */
  readonly carUrl: string
  /** Imports a file into a CAR under the store; its payload is then served to providers. */
  importFile(path: string, options?: AbortOptions): Promise<CarFileImport>
  /** Stops the client and closes everything it opened; deals stay stored. */
  stop(): Promise<void>
}

/** Starts a client: restarts its unfinished deals and serves imported payloads once this resolves. */
export async function startClientProcess(init: ClientProcessInit): Promise<ClientProcess> {
  const undo: (() => Promise<void> | void)[] = []
  const stop = async () => {
    for (const step of undo.reverse()) await step()
    undo.length = 0
  }
  try {
    const cars = join(init.store, 'cars')
    await mkdir(cars, { recursive: true })
    const carPath = (root: CID) => join(cars, `${root.toString()}.car`)
    const privateKey = await loadOrCreatePeerKey(init.store)
    const lotus = connectLotus(init.lotus)
    undo.push(() => lotus.close())
    const level = new LevelDatastore(join(init.store, 'datastore'))
    await level.open()
    undo.push(() => level.close())
    const network = await Libp2pMarketNetwork.create({
      listen: init.listen ?? ['/ip4/127.0.0.1/tcp/0'],
      privateKey,
    })
    undo.push(() => network.stop())
    const pushes = new Libp2pPushClientTransfer({
      ...init.push,
      node: network.node,
      payload: (root) => filePayload(carPath(root)),
    })
    undo.push(() => pushes.close())
    const server = new HttpCarServer(init.carServer ?? {})
    await server.listen()
    undo.push(() => server.close())
    const registry = new HttpTransferRegistry(server, async (root) => {
      const path = carPath(root)
      return access(path).then(
        () => ({ path }),
        () => undefined,
      )
    })
    const node = createClientNode({ chain: lotus.chain, wallet: lotus.wallet }, init.node ?? {})
    undo.push(() => node.stop())
    const client = createStorageClient(
      {
        node,
        network,
        dataTransfer: pushes,
        transferRegistry: registry,
        datastore: new NamespaceDatastore(level, new Key('/client')),
        clock: realClock,
      },
      init.client,
    )
    const unsubscribe = client.onError(init.onError ?? (() => undefined))
    await client.start()
    undo.push(async () => {
      unsubscribe()
      await client.stop()
    })
    return {
      client,
      node,
      network,
      lotus,
      carUrl: server.url,
      async importFile(path, options) {
        const temporary = join(cars, `import-${process.pid}-${Date.now()}.car`)
        const imported = await importFile(path, { ...options, carPath: temporary })
        await rename(temporary, carPath(imported.root))
        return { ...imported, carPath: carPath(imported.root) }
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
