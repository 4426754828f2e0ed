import { VirtualClock } from '../../src/adapters/clock.ts'
import {
  type ClientEvent,
  createStorageClient,
  type StorageClient,
  type StorageClientInit,
} from '../../src/client/index.ts'
import type { ClientDeal } from '../../src/market/index.ts'
import { FakeBlockstoreHook } from '../fakes/client-blockstore.ts'
import { FakeClientDataTransfer } from '../fakes/client-data-transfer.ts'
import { FlakyDatastore } from '../fakes/client-datastore.ts'
import { FakeClientNetwork } from '../fakes/client-network.ts'
import { FakeClientNode } from '../fakes/client-node.ts'
import { clientAddress, clientPeer, workerAddress } from './fixtures.ts'

/** Polling interval the tests use (virtual time). */
export const POLLING_INTERVAL_MS = 1_000

/** Everything a client is built from, as fakes sharing one virtual clock. */
export interface ClientFakes {
  readonly node: FakeClientNode
  readonly network: FakeClientNetwork
  readonly dataTransfer: FakeClientDataTransfer
  readonly blockstore: FakeBlockstoreHook
  readonly clock: VirtualClock
  readonly datastore: FlakyDatastore
}

/** Fresh fakes; the client's escrow holds enough for any test deal. */
export function createFakes(): ClientFakes {
  const node = new FakeClientNode()
  node.fund(clientAddress, 10n ** 18n)
  return {
    node,
    network: new FakeClientNetwork(workerAddress),
    dataTransfer: new FakeClientDataTransfer(clientPeer),
    blockstore: new FakeBlockstoreHook(),
    clock: new VirtualClock(1_700_000_000_000),
    datastore: new FlakyDatastore(),
  }
}

/** A started client and what it reported. */
export interface RunningClient {
  readonly client: StorageClient
  readonly notifications: { event: ClientEvent; deal: ClientDeal }[]
  readonly errors: Error[]
}

/**
 * Build and start a client on the fakes (on their datastore, so a second one restarts the first's
 * deals). `beforeStart` sees the client before it starts, to subscribe to the restart events.
 */
export async function startClient(
  fakes: ClientFakes,
  init: StorageClientInit = {},
  beforeStart?: (client: StorageClient) => void,
): Promise<RunningClient> {
  const client = createStorageClient(fakes, {
    pollingIntervalMs: POLLING_INTERVAL_MS,
    cleanBlockstore: fakes.blockstore.clean,
    ...init,
  })
  const notifications: { event: ClientEvent; deal: ClientDeal }[] = []
  const errors: Error[] = []
  client.subscribe((event, deal) => {
    notifications.push({ event, deal })
  })
  client.onError((error) => errors.push(error))
  beforeStart?.(client)
  await client.start()
  return { client, notifications, errors }
}

/** Let pending promises, triggers and due timers run, without moving virtual time. */
export async function settle(fakes: ClientFakes, rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await fakes.clock.advance(0)
}
