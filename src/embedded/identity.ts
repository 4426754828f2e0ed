/**
 * The embedded market's keys and actors: a client key and a worker key (owner and worker of the
 * one miner), kept in the store so a resumed market signs as the same parties.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import { type Datastore, Key } from 'interface-datastore'
import type { StorageProviderInfo } from '../adapters/node.ts'
import type { SimGenesis } from '../adapters/sim-chain/index.ts'
import { EmbeddedStoreError } from '../errors.ts'
import { type Address, MemoryWallet, type TokenAmount } from '../market/index.ts'
import type { EmbeddedAddresses } from './api.ts'

/** Network peer id of the embedded client. */
export const CLIENT_PEER = 'embedded-client'
/** Network peer id of the embedded provider (recorded on its miner actor). */
export const PROVIDER_PEER = 'embedded-provider'
/** Sector size of the embedded miner: 32 GiB, so pieces of any practical demo size fit. */
export const EMBEDDED_SECTOR_SIZE = 32n << 30n

const IDENTITY_KEY = new Key('/identity')
const VERSION = 1

interface StoredIdentity {
  readonly version: number
  readonly clientKey: string
  readonly workerKey: string
}

/** The market's parties and their wallets. */
export interface Identity {
  readonly client: Address
  readonly worker: Address
  /** Holds the client key only, so the client node's default address is the client. */
  readonly clientWallet: MemoryWallet
  /** Holds the worker key only. */
  readonly providerWallet: MemoryWallet
  /** Holds both, for the simulated full node. */
  readonly chainWallet: MemoryWallet
}

function keyFor(seed: number | undefined, role: string): Uint8Array {
  if (seed === undefined) return new Uint8Array(randomBytes(32))
  return new Uint8Array(createHash('sha256').update(`fildeal-embedded/${seed}/${role}`).digest())
}

function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

/** What {@link loadIdentity} finds. */
export interface LoadedIdentity {
  readonly identity: Identity
  /** True for a new identity, not stored yet. */
  readonly created: boolean
  /** Stores a new identity (nothing for a loaded one). */
  save(): Promise<void>
}

/**
 * The identity stored in `datastore`, or a new one (from `seed` when given). A new one is stored
 * only by `save`, which the market calls last when it creates a store: a store without an identity
 * is one whose creation never finished, and is created again.
 */
export async function loadIdentity(datastore: Datastore, seed: number | undefined): Promise<LoadedIdentity> {
  if (await datastore.has(IDENTITY_KEY)) {
    const stored = JSON.parse(new TextDecoder().decode(await datastore.get(IDENTITY_KEY))) as StoredIdentity
    if (stored.version !== VERSION) {
      throw new EmbeddedStoreError(`the store holds an embedded market of version ${stored.version}`)
    }
    const identity = identityOf(fromHex(stored.clientKey), fromHex(stored.workerKey))
    return { identity, created: false, save: async () => {} }
  }
  const clientKey = keyFor(seed, 'client')
  const workerKey = keyFor(seed, 'worker')
  const stored: StoredIdentity = {
    version: VERSION,
    clientKey: Buffer.from(clientKey).toString('hex'),
    workerKey: Buffer.from(workerKey).toString('hex'),
  }
  return {
    identity: identityOf(clientKey, workerKey),
    created: true,
    save: async () => {
      await datastore.put(IDENTITY_KEY, new TextEncoder().encode(JSON.stringify(stored)))
    },
  }
}

function identityOf(clientKey: Uint8Array, workerKey: Uint8Array): Identity {
  const clientWallet = new MemoryWallet()
  const providerWallet = new MemoryWallet()
  const chainWallet = new MemoryWallet()
  const client = clientWallet.importKey('secp256k1', clientKey)
  const worker = providerWallet.importKey('secp256k1', workerKey)
  chainWallet.importKey('secp256k1', clientKey)
  chainWallet.importKey('secp256k1', workerKey)
  return { client, worker, clientWallet, providerWallet, chainWallet }
}

/** The embedded provider as a client learns it from the chain. */
export function providerInfoOf(addresses: EmbeddedAddresses): StorageProviderInfo {
  const { miner, worker } = addresses
  return {
    address: miner,
    owner: worker,
    worker,
    sectorSize: EMBEDDED_SECTOR_SIZE,
    peerId: PROVIDER_PEER,
    addrs: [],
  }
}

/** Genesis of a new embedded chain: the funded client and worker, and the worker's miner. */
export function embeddedGenesis(
  identity: Identity,
  balances: { readonly client: TokenAmount; readonly worker: TokenAmount },
): SimGenesis {
  return {
    accounts: [
      { address: identity.client, balance: balances.client },
      { address: identity.worker, balance: balances.worker },
    ],
    miners: [{ owner: identity.worker, sectorSize: EMBEDDED_SECTOR_SIZE, peerId: PROVIDER_PEER }],
  }
}
