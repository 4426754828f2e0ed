/**
 * The chain a devnet opens when it is given none: a simulated chain on the devnet policy with funded
 * client accounts and one miner whose owner and worker is a funded account, all keys generated and
 * held by the chain's wallet (the node's wallet, as in Lotus). With a store, the keys are saved
 * beside the chain, so a devnet reopened on the same store resumes with the same accounts.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import * as dagCbor from '@ipld/dag-cbor'
import { type Datastore, Key } from 'interface-datastore'
import { InvalidKeyError, PersistenceError } from '../../errors.ts'
import { type Address, ATTO_PER_FIL, MemoryWallet } from '../../market/index.ts'
import type { Clock } from '../clock.ts'
import { DEVNET_POLICY } from '../sim-chain/policy.ts'
import { openSimChain, type SimChain } from '../sim-chain/sim-chain.ts'

/** What a devnet-made chain starts with. */
export interface DevnetGenesisInit {
  /** Funded client accounts. @default 1 */
  readonly clients?: number
  /** FIL of every account, in attoFIL. @default 1,000,000 FIL */
  readonly balance?: bigint
  /** The miner's sector size in bytes. @default 34_359_738_368 (32 GiB) */
  readonly sectorSize?: bigint
  /** The miner's libp2p peer id, as its provider announces it. */
  readonly peerId?: string
  /** The miner's multiaddrs in text form. */
  readonly multiaddrs?: readonly string[]
}

/** The accounts of a devnet-made chain; the chain's wallet holds every key. */
export interface DevnetAccounts {
  /** Funded client key addresses. */
  readonly clients: readonly Address[]
  /** The miner's owner and worker, a funded key address. */
  readonly worker: Address
  /** The miner actor's ID address. */
  readonly miner: Address
}

const KEYS = new Key('/devnet/keys')

interface SavedKeys {
  readonly clients: Uint8Array[]
  readonly worker: Uint8Array
}

function newKey(wallet: MemoryWallet): [Address, Uint8Array] {
  for (;;) {
    const key = new Uint8Array(randomBytes(32))
    try {
      return [wallet.importKey('secp256k1', key), key]
    } catch (error) {
      // A random 32-byte value is almost always a valid secp256k1 scalar; draw again if not.
      if (!(error instanceof InvalidKeyError)) throw error
    }
  }
}

async function loadKeys(store: Datastore | undefined): Promise<SavedKeys | undefined> {
  if (store === undefined || !(await store.has(KEYS))) return undefined
  try {
    return dagCbor.decode<SavedKeys>(await store.get(KEYS))
  } catch (error) {
    throw new PersistenceError('cannot read the devnet keys', { cause: error })
  }
}

/** Opens (or resumes from `store`) the devnet's own chain. */
export async function openDevnetChain(
  genesis: DevnetGenesisInit,
  store: Datastore | undefined,
  clock: Clock | undefined,
): Promise<{ chain: SimChain; accounts: DevnetAccounts }> {
  const wallet = new MemoryWallet()
  let saved = await loadKeys(store)
  let clients: Address[]
  let worker: Address
  if (saved === undefined) {
    const made = Array.from({ length: 1 + (genesis.clients ?? 1) }, () => newKey(wallet))
    const [first, ...rest] = made as [[Address, Uint8Array], ...[Address, Uint8Array][]]
    worker = first[0]
    clients = rest.map(([address]) => address)
    saved = { worker: first[1], clients: rest.map(([, key]) => key) }
    await store?.put(KEYS, dagCbor.encode(saved))
  } else {
    worker = wallet.importKey('secp256k1', saved.worker)
    clients = saved.clients.map((key) => wallet.importKey('secp256k1', key))
  }
  const balance = genesis.balance ?? 1_000_000n * ATTO_PER_FIL
  const miner = {
    owner: worker,
    ...(genesis.sectorSize === undefined ? {} : { sectorSize: genesis.sectorSize }),
    ...(genesis.peerId === undefined ? {} : { peerId: genesis.peerId }),
    ...(genesis.multiaddrs === undefined ? {} : { multiaddrs: genesis.multiaddrs }),
  }
  const chain = await openSimChain(
    {
      wallet,
      ...(store === undefined ? {} : { datastore: store }),
      ...(clock === undefined ? {} : { clock }),
    },
    {
      genesis: { accounts: [worker, ...clients].map((address) => ({ address, balance })), miners: [miner] },
      policy: DEVNET_POLICY,
    },
  )
  const [minerAddress] = await chain.stateListMiners([])
  if (minerAddress === undefined) throw new PersistenceError('the devnet chain has no miner')
  return { chain, accounts: { clients, worker, miner: minerAddress } }
}
