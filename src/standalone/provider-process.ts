/**
 * A storage provider as a process of its own: the provider lifecycle over a Lotus node (its
 * wallet signing for the miner's worker), deals kept in a LevelDB datastore and received data
 * staged in files under one store directory, the libp2p market network (mk/1.2.1, 1.2.0, 1.1.1,
 * 1.1.0, status and ask), the HTTP pull transfer for Boost (mk/1.2) deals and the libp2p push
 * transfer for go-fil-markets (mk/1.1) online deals.
 *
 * The push is this library's own protocol (`/fildeal/transfer/push/1.0.0`), not go-data-transfer
 * over graphsync: mk/1.1 online deals work with fildeal clients only. Offline deals of both
 * families wait for `importDataForDeal`.
 *
 * @module
 */

import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import {
  type ChainNodeInit,
  createProviderNode,
  type ProviderNode,
  type Sealer,
} from '../adapters/chain-node/index.ts'
import { realClock } from '../adapters/clock.ts'
import { FileStagingStore } from '../adapters/file-staging/index.ts'
import { HttpPullProviderTransfer } from '../adapters/http-transfer/index.ts'
import type { HttpDownloaderInit } from '../adapters/http-transfer/types.ts'
import { Libp2pMarketNetwork } from '../adapters/libp2p/index.ts'
import { Libp2pPushProviderTransfer, type PushTimeouts } from '../adapters/libp2p-transfer/index.ts'
import { fr32PieceCommitment } from '../embedded/piece-commitment.ts'
import type { Address } from '../market/index.ts'
import { createStorageProvider, type StorageProvider, type StorageProviderInit } from '../provider/index.ts'
import { chooseMiner, connectLotus, type LotusEndpoint } from './lotus-connection.ts'
import { loadOrCreatePeerKey } from './peer-key.ts'
import { ProviderTransfers } from './provider-transfers.ts'

/** Options of {@link startProviderProcess}. */
export interface ProviderProcessInit {
  /** Multiaddrs the libp2p node listens on. @default ['/ip4/127.0.0.1/tcp/0'] */
  readonly listen?: readonly string[]
  /**
   * Directory of the provider's state: `datastore/` (deals, ask, deal UUIDs), `staging/` (received
   * data), `transfers/` (chunks of parallel pulls) and `libp2p.key` (its peer identity).
   */
  readonly store: string
  /** The Lotus node whose wallet holds the miner's worker key. */
  readonly lotus: LotusEndpoint
  /** The miner actor. @default the only miner on the chain */
  readonly miner?: Address
  /** Where published deals are sealed, for the chosen miner (the devnet's hand-off, for one). */
  readonly sealer: (miner: Address) => Sealer
  /** Options of the provider lifecycle (ask, deal filter, buffers, publish batching). */
  readonly provider?: StorageProviderInit
  /** Message and watch confidences of the provider node. */
  readonly node?: ChainNodeInit
  /** Options of the HTTP downloader (concurrency, stall timeout, URL policy). */
  readonly downloader?: HttpDownloaderInit
  /** Timeouts of the libp2p push transfer (stall, response). */
  readonly push?: PushTimeouts
  /** Deal protocols served. @default all of mk/1.2.1, 1.2.0, 1.1.1, 1.1.0 */
  readonly dealProtocols?: readonly string[]
  /** Told about failures nothing awaits (restarts, subscribers, transfers). */
  readonly onError?: (error: Error) => void
}

/** A running provider process. */
export interface ProviderProcess {
  readonly provider: StorageProvider
  readonly node: ProviderNode
  readonly network: Libp2pMarketNetwork
  /** The miner actor it works for. */
  readonly miner: Address
  /** Its libp2p peer id. */
  readonly peerId: string
  /** Where clients reach it, each ending in `/p2p/<peer id>`. */
  readonly multiaddrs: readonly string[]
  /** Stops serving and closes everything it opened; deals stay stored. */
  stop(): Promise<void>
}

/**
 * Starts a provider: restarts its unfinished deals and serves the market protocols once this
 * resolves. On a failure while starting, whatever was opened is closed again.
 */
export async function startProviderProcess(init: ProviderProcessInit): Promise<ProviderProcess> {
  const undo: (() => Promise<void> | void)[] = []
  const stop = async () => {
    for (const step of undo.reverse()) await step()
    undo.length = 0
  }
  try {
    const privateKey = await loadOrCreatePeerKey(init.store)
    const connection = connectLotus(init.lotus)
    undo.push(() => connection.close())
    const miner = await chooseMiner(connection.chain, init.miner)
    const datastore = new LevelDatastore(join(init.store, 'datastore'))
    await datastore.open()
    undo.push(() => datastore.close())
    const network = await Libp2pMarketNetwork.create({
      listen: init.listen ?? ['/ip4/127.0.0.1/tcp/0'],
      privateKey,
      ...(init.dealProtocols === undefined ? {} : { dealProtocols: init.dealProtocols }),
    })
    undo.push(() => network.stop())
    const pulls = new HttpPullProviderTransfer({
      ...init.downloader,
      peerId: network.peerId,
      tmpDir: join(init.store, 'transfers'),
    })
    undo.push(() => pulls.close())
    const pushes = new Libp2pPushProviderTransfer({ ...init.push, node: network.node })
    await pushes.start()
    undo.push(() => pushes.stop())
    const node = createProviderNode(
      { chain: connection.chain, wallet: connection.wallet, sealer: init.sealer(miner) },
      { minerAddress: miner, ...init.node },
    )
    undo.push(() => node.stop())
    const onError = init.onError ?? (() => undefined)
    const provider = createStorageProvider(
      {
        minerAddress: miner,
        node,
        network,
        // Pushes (mk/1.1) over libp2p, pulls (mk/1.2) over HTTP: the provider registers its
        // validator and subscribes on each.
        dataTransfer: new ProviderTransfers(pushes, pulls),
        pullTransfer: pulls,
        staging: new FileStagingStore(join(init.store, 'staging')),
        pieceCommitment: fr32PieceCommitment,
        datastore,
        clock: realClock,
        logger: { warn: (message) => onError(new Error(message)) },
      },
      init.provider,
    )
    const unsubscribe = provider.onError(onError)
    await provider.start()
    undo.push(async () => {
      unsubscribe()
      await provider.stop()
    })
    await network.whenHandling()
    return { provider, node, network, miner, peerId: network.peerId, multiaddrs: network.multiaddrs, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
