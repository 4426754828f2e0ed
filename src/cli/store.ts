/**
 * The store a `fildeal demo --store DIR` run leaves behind, opened for the client and provider
 * commands once `store-check.ts` found it sound. A datastore without a market is refused before
 * the embedded market opens it, as the market would create one there.
 *
 * Reading commands read the records where the embedded market keeps them (see
 * `EmbeddedMarketInit.store`) without starting its client and provider, so looking at a store never
 * moves an unfinished deal.
 *
 * @module
 */

import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { NamespaceDatastore } from 'datastore-core'
import { LevelDatastore } from 'datastore-level'
import { type Datastore, Key } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import { CLIENT_FINAL_STATES, clientDealRecordCodec } from '../client/index.ts'
import { createEmbeddedMarket, type EmbeddedMarket } from '../embedded/index.ts'
import type { FilDealError } from '../errors.ts'
import { RecordStore } from '../fsm/record-store.ts'
import {
  type ClientDeal,
  decodeSignedStorageAsk,
  type MinerDeal,
  type SignedStorageAsk,
} from '../market/index.ts'
import {
  ASK_KEY,
  minerDealCodec,
  PROVIDER_ASK_NAMESPACE,
  PROVIDER_DEALS_NAMESPACE,
} from '../provider/index.ts'
import { StoreError } from './errors.ts'
import { checkStore, DATASTORE_DIR, isDirectory } from './store-check.ts'

/** Written when the embedded market creates a store; a datastore without it holds no market. */
const IDENTITY_KEY = new Key('/embedded/identity')

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Read access to the records of a store. */
export class StoreReader {
  readonly #clientDeals: RecordStore<ClientDeal>
  readonly #providerDeals: RecordStore<MinerDeal>
  readonly #provider: Datastore
  readonly #dir: string

  /** `root` is the store's opened LevelDB. */
  constructor(dir: string, root: Datastore) {
    this.#dir = dir
    this.#provider = new NamespaceDatastore(root, new Key('/provider'))
    this.#clientDeals = new RecordStore(
      new NamespaceDatastore(root, new Key('/client')),
      clientDealRecordCodec,
    )
    this.#providerDeals = new RecordStore(
      new NamespaceDatastore(this.#provider, PROVIDER_DEALS_NAMESPACE),
      minerDealCodec,
    )
  }

  /** Every client deal. */
  clientDeals(): Promise<ClientDeal[]> {
    return this.#all(this.#clientDeals)
  }

  /** One client deal; DealNotFoundError when the store has none with that proposal CID. */
  clientDeal(proposalCid: CID): Promise<ClientDeal> {
    return this.#clientDeals.get(proposalCid.toString())
  }

  /** Every provider deal. */
  providerDeals(): Promise<MinerDeal[]> {
    return this.#all(this.#providerDeals)
  }

  /** The provider's stored ask, or undefined before the provider first started. */
  async ask(): Promise<SignedStorageAsk | undefined> {
    const asks = new NamespaceDatastore(this.#provider, PROVIDER_ASK_NAMESPACE)
    if (!(await asks.has(ASK_KEY))) return undefined
    try {
      return decodeSignedStorageAsk(await asks.get(ASK_KEY))
    } catch (error) {
      throw new StoreError('corrupt', this.#dir, `has an unreadable ask: ${messageOf(error)}`, {
        cause: error,
      })
    }
  }

  async #all<R>(records: RecordStore<R>): Promise<R[]> {
    const out: R[] = []
    let failure: FilDealError | undefined
    for await (const [, record] of records.entries((error) => {
      failure ??= error
    })) {
      out.push(record)
    }
    if (failure !== undefined) {
      throw new StoreError('corrupt', this.#dir, `has an unreadable record: ${failure.message}`, {
        cause: failure,
      })
    }
    return out
  }
}

/**
 * Checks `dir`, opens its datastore and hands `use` a reader; the datastore is closed whatever
 * happens.
 *
 * @throws {@link StoreError} when the store is missing, damaged, in use, or holds no market
 */
export async function readStore<T>(dir: string, use: (reader: StoreReader) => Promise<T>): Promise<T> {
  await checkStore(dir)
  const level = new LevelDatastore(join(dir, DATASTORE_DIR), { createIfMissing: false })
  try {
    await level.open()
  } catch (error) {
    throw new StoreError('corrupt', dir, `cannot be opened (in use by another run?): ${messageOf(error)}`, {
      cause: error,
    })
  }
  try {
    if (!(await level.has(IDENTITY_KEY))) throw new StoreError('corrupt', dir, 'holds no fildeal market')
    return await use(new StoreReader(dir, level))
  } finally {
    await level.close()
  }
}

/**
 * Checks `dir`, opens the market stored there, starts it (unfinished deals restart, but the chain
 * does not move), runs `use`, and stops the market whatever happens.
 *
 * @throws {@link StoreError} when the store is missing, damaged, in use, or holds no market
 */
export async function withMarket<T>(dir: string, use: (market: EmbeddedMarket) => Promise<T>): Promise<T> {
  // Reading first refuses a datastore without a market, which createEmbeddedMarket would fill in.
  await readStore(dir, async () => undefined)
  let market: EmbeddedMarket
  try {
    market = await createEmbeddedMarket({ store: dir })
  } catch (error) {
    throw new StoreError('corrupt', dir, `cannot be opened: ${messageOf(error)}`, { cause: error })
  }
  try {
    await market.start()
    return await use(market)
  } finally {
    await market.stop()
  }
}

/** What a store holds before a demo run, from the client's records. */
export interface StoredRun {
  /** Deals in the store. */
  readonly deals: number
  /** Deals whose client side is not in a final state. */
  readonly unfinished: number
}

/**
 * The run stored in `dir`, or undefined when there is none yet (no directory, or an empty one),
 * so a demo can say whether it starts or resumes before it begins.
 *
 * @throws {@link StoreError} when `dir` holds something that is not a readable store
 */
export async function storedRun(dir: string): Promise<StoredRun | undefined> {
  const isDir = await isDirectory(dir)
  if (isDir === undefined || (isDir && (await readdir(dir)).length === 0)) return undefined
  const deals = await readStore(dir, (store) => store.clientDeals())
  const final: readonly string[] = CLIENT_FINAL_STATES
  return { deals: deals.length, unfinished: deals.filter((deal) => !final.includes(deal.State)).length }
}
