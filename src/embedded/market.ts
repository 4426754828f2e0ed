/**
 * The embedded market: {@link createEmbeddedMarket} and the object it returns.
 *
 * @module
 */
import type { Datastore } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import type { ClientNode, ProviderNode } from '../adapters/chain-node/index.ts'
import type { AbortOptions, StorageProviderInfo } from '../adapters/node.ts'
import type { StorageClient } from '../client/index.ts'
import { NotStartedError, PayloadNotFoundError } from '../errors.ts'
import type { StorageProvider } from '../provider/index.ts'
import type {
  DealProgress,
  EmbeddedDealParams,
  EmbeddedLotusEndpoint,
  EmbeddedMarket,
  EmbeddedMarketInit,
  ImportedPayload,
  MarketSummary,
  ProgressListener,
  RunOptions,
} from './api.ts'
import type { MarketContext } from './context.ts'
import { proposeEmbeddedDeal } from './deals.ts'
import { advance, runUntil, settle } from './driver.ts'
import { providerInfoOf } from './identity.ts'
import { Listeners } from './listeners.ts'
import { openMarketContext, serve } from './open.ts'
import { type ClientParty, type ProviderParty, startClientParty, startProviderParty } from './parties.ts'
import { allFinished } from './progress.ts'
import { accountSummaries, byCreationTime, dealSummaries, marketSummary } from './summary.ts'

/**
 * Opens an embedded market: in memory, or in `init.store` (resuming what it holds). Call
 * {@link EmbeddedMarket.start} before anything else.
 *
 * @example
 * const market = await createEmbeddedMarket({ store: './demo-store' })
 * await market.start()
 */
export async function createEmbeddedMarket(init: EmbeddedMarketInit = {}): Promise<EmbeddedMarket> {
  const market = new DefaultEmbeddedMarket(init)
  await market.open()
  return market
}

/**
 * The datastore area the embedded market keeps its own records in (its identity, a demo's run
 * plan), for code of this package only. Throws NotStartedError once the market is stopped.
 */
export function embeddedDatastoreOf(market: EmbeddedMarket): Datastore {
  if (!(market instanceof DefaultEmbeddedMarket)) {
    throw new TypeError('not a market made by createEmbeddedMarket')
  }
  return market.embeddedDatastore
}

class DefaultEmbeddedMarket implements EmbeddedMarket {
  readonly #init: EmbeddedMarketInit
  readonly #progressListeners = new Listeners<DealProgress>()
  #ctx: MarketContext | undefined
  #client: ClientParty | undefined
  #provider: ProviderParty | undefined
  #stopped = false

  constructor(init: EmbeddedMarketInit) {
    this.#init = init
  }

  async open(): Promise<void> {
    this.#ctx = await openMarketContext(this.#init, {
      onDealEvent: () => this.#emitProgress(),
      onError: (error) => this.#init.onError?.(error),
    })
  }

  /** See {@link embeddedDatastoreOf}. */
  get embeddedDatastore(): Datastore {
    return this.#context().storage.area('embedded')
  }

  get chain() {
    return this.#context().chain
  }
  get clock() {
    return this.#context().clock
  }
  get network() {
    return this.#context().network
  }
  get transfers() {
    return this.#context().hub
  }
  get pulls() {
    return this.#context().pulls
  }
  get addresses() {
    return this.#context().addresses
  }
  get resumed() {
    return this.#context().resumed
  }
  get epoch() {
    return this.#context().chain.head.height
  }
  get client(): StorageClient {
    return this.#clientParty().api
  }
  get provider(): StorageProvider {
    return this.#providerParty().api
  }
  get clientNode(): ClientNode {
    return this.#clientParty().node
  }
  get providerNode(): ProviderNode {
    return this.#providerParty().node
  }

  get lotus(): EmbeddedLotusEndpoint | undefined {
    return this.#context().link.devnet
  }

  get providerInfo(): StorageProviderInfo {
    return providerInfoOf(this.addresses)
  }

  async start(): Promise<void> {
    await this.startProvider()
    await this.startClient()
  }

  async stop(): Promise<void> {
    if (this.#stopped) return
    const ctx = this.#context()
    await this.stopClient()
    await this.stopProvider()
    this.#stopped = true
    ctx.transfers.close()
    await ctx.link.close()
    await ctx.chain.close()
    await ctx.activity.quiet()
    await ctx.storage.close()
  }

  async stopClient(): Promise<void> {
    const party = this.#client
    this.#client = undefined
    await party?.stop()
  }

  async startClient(): Promise<void> {
    if (this.#client !== undefined) return
    this.#client = await startClientParty(this.#context())
    await this.settle()
  }

  async stopProvider(): Promise<void> {
    const party = this.#provider
    this.#provider = undefined
    await party?.stop()
  }

  async startProvider(): Promise<void> {
    if (this.#provider !== undefined) return
    this.#provider = await startProviderParty(this.#context())
    await this.settle()
  }

  async importData(data: Uint8Array | string, options?: AbortOptions): Promise<ImportedPayload> {
    const ctx = this.#context()
    const payload = await ctx.storage.payloads.add(data, options)
    serve(ctx, payload.root)
    return payload
  }

  async proposeDeal(params: EmbeddedDealParams, options?: AbortOptions): Promise<CID> {
    const ctx = this.#context()
    const proposalCid = await proposeEmbeddedDeal(ctx, this.client, this.clientNode, params, options)
    await this.settle()
    return proposalCid
  }

  async importOfflineData(proposalCid: CID, options?: AbortOptions): Promise<void> {
    const ctx = this.#context()
    const deal = await this.client.getLocalDeal(proposalCid)
    const root = deal.DataRef?.Root
    if (root === undefined) throw new PayloadNotFoundError(`(none recorded on deal ${proposalCid})`)
    await this.provider.importDataForDeal(proposalCid, ctx.storage.payloads.car(root), options)
    await this.settle()
  }

  advance(epochs = 1): Promise<void> {
    return advance(this.#context(), epochs, () => this.#emitProgress())
  }

  settle(): Promise<void> {
    return settle(this.#context())
  }

  runUntil(
    predicate: (progress: DealProgress) => boolean = allFinished,
    options: RunOptions = {},
  ): Promise<DealProgress> {
    return runUntil(this.#context(), predicate, options, () => this.#emitProgress())
  }

  progress(): DealProgress {
    const ctx = this.#context()
    return ctx.tracker.progress(ctx.chain.head.height)
  }

  onProgress(listener: ProgressListener): () => void {
    return this.#progressListeners.add(listener)
  }

  async summary(options?: AbortOptions): Promise<MarketSummary> {
    const ctx = this.#context()
    const clientDeals = (await this.client.listLocalDeals()).sort(byCreationTime)
    const deals = dealSummaries(clientDeals, await this.provider.listLocalDeals())
    const accounts = await accountSummaries(ctx.chain, ctx.addresses, options)
    return marketSummary(ctx.chain.head.height, deals, accounts, ctx.chain.totalSupply)
  }

  #emitProgress(): void {
    // The report walks every deal; build it only for someone who reads it.
    if (this.#ctx === undefined || this.#progressListeners.size === 0) return
    this.#progressListeners.notify(this.progress())
  }

  #context(): MarketContext {
    if (this.#ctx === undefined || this.#stopped) throw new NotStartedError('the embedded market is not open')
    return this.#ctx
  }

  #clientParty(): ClientParty {
    if (this.#client === undefined) throw new NotStartedError('the embedded client is not started')
    return this.#client
  }

  #providerParty(): ProviderParty {
    if (this.#provider === undefined) throw new NotStartedError('the embedded provider is not started')
    return this.#provider
  }
}
