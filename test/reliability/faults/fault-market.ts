/**
 * An embedded market whose client and provider get every adapter through a {@link FaultBoard}:
 * nodes, the chain under each node, the sealer, the network ends and their deal streams, the data
 * transfers, the staging store and its sinks, the piece commitment and both datastores. It drives
 * time with the embedded driver on a virtual clock, and can restart either side on the same stores.
 */
import type { Datastore } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import {
  type ClientNode,
  createClientNode,
  createProviderNode,
  type ProviderNode,
} from '../../../src/adapters/chain-node/index.ts'
import type { MarketReceiver, ProviderDealStream, ProviderNetwork } from '../../../src/adapters/network.ts'
import type { AbortOptions } from '../../../src/adapters/node.ts'
import { CLIENT_FINAL_STATES, createStorageClient, type StorageClient } from '../../../src/client/index.ts'
import type { MarketContext } from '../../../src/embedded/context.ts'
import { proposeEmbeddedDeal } from '../../../src/embedded/deals.ts'
import { advance, settle } from '../../../src/embedded/driver.ts'
import { CLIENT_PEER, EMBEDDED_SECTOR_SIZE, PROVIDER_PEER } from '../../../src/embedded/identity.ts'
import { openMarketContext, serve } from '../../../src/embedded/open.ts'
import { fr32PieceCommitment } from '../../../src/embedded/piece-commitment.ts'
import type { ClientDeal, MinerDeal } from '../../../src/market/index.ts'
import {
  createStorageProvider,
  PROVIDER_FINAL_STATES,
  type StorageProvider,
} from '../../../src/provider/index.ts'
import type { FaultBoard } from './fault-board.ts'

/** Epochs from proposal to start, and deal length: short, so a walk of many deals stays fast. */
export const START_DELAY = 14
export const DURATION = 4
const ASK_PRICE = 100_000_000_000n

const clientFinal: readonly string[] = CLIENT_FINAL_STATES
const providerFinal: readonly string[] = PROVIDER_FINAL_STATES

/** Event-loop turns a side gets to stop before it is deemed unable to. */
export const STOP_TURNS = 2_000

/** True when `promise` settles within `turns` turns of the event loop (its outcome is ignored). */
export async function within(promise: Promise<unknown>, turns: number): Promise<boolean> {
  let done = false
  promise.then(
    () => {
      done = true
    },
    () => {
      done = true
    },
  )
  for (let i = 0; i < turns && !done; i++) await new Promise((resolve) => setImmediate(resolve))
  return done
}

/** Both sides' records of one deal (the provider's is missing when it never recorded one). */
export interface DealPair {
  readonly client: ClientDeal | undefined
  readonly provider: MinerDeal | undefined
}

/** True when neither side has anything left to do for the deal. */
export function isSettled(pair: DealPair): boolean {
  if (pair.client !== undefined && !clientFinal.includes(pair.client.State)) return false
  return pair.provider === undefined || providerFinal.includes(pair.provider.State)
}

/** What the market needs of a side's API to run it. */
interface SideApi<D> {
  onError(listener: (error: Error) => void): () => void
  subscribe(listener: (event: unknown, deal: D) => void): () => void
  start(): Promise<unknown>
  stop(): Promise<void>
}

interface Side<T, N> {
  readonly api: T
  readonly node: N
  stop(): Promise<void>
}

/** A market wired through a fault board. */
export class FaultMarket {
  readonly ctx: MarketContext
  readonly board: FaultBoard
  /** Failures nobody awaited (engine and provider warnings). */
  readonly errors: Error[] = []
  client!: Side<StorageClient, ClientNode>
  provider!: Side<StorageProvider, ProviderNode>
  #payload = 0
  readonly #clientDeals = new Map<string, ClientDeal>()
  readonly #providerDeals = new Map<string, MinerDeal>()

  private constructor(ctx: MarketContext, board: FaultBoard) {
    this.ctx = ctx
    this.board = board
  }

  /** Opens an in-memory market (no escrow, so deals go through funding) and starts both sides. */
  static async open(board: FaultBoard, errors: Error[] = []): Promise<FaultMarket> {
    const ctx = await openMarketContext(
      {
        seed: 11,
        policy: { minDealDuration: 2 },
        escrow: { client: 0n, provider: 0n },
        confidence: { message: 1, watch: 1 },
        sealing: { preCommitDelay: 1, proveCommitDelay: 3 },
        transfer: { autoRestart: false },
      },
      { onDealEvent: () => undefined, onError: (error) => errors.push(error) },
    )
    const market = new FaultMarket(ctx, board)
    market.errors.push(...errors)
    await market.startProvider()
    await market.startClient()
    await market.provider.api.setAsk(ASK_PRICE, ASK_PRICE / 10n, 100_000)
    return market
  }

  async startClient(): Promise<void> {
    const { ctx, board } = this
    const chain = board.wrap('client.chain', ctx.chain)
    const node = createClientNode(
      { chain, wallet: ctx.identity.clientWallet, clock: ctx.clock },
      { messageConfidence: 1, watchConfidence: 1, epochDurationMs: ctx.epochMs },
    )
    const api = createStorageClient(
      {
        node: board.wrap('client.node', node),
        network: board.wrap('client.network', ctx.network.client(CLIENT_PEER), {
          newDealStream: 'client.dealStream',
        }),
        dataTransfer: board.wrap('client.transfer', ctx.transfers.client),
        datastore: this.#datastore('client', ctx.storage.area('client')),
        clock: ctx.clock,
      },
      { pollingIntervalMs: ctx.epochMs },
    )
    this.client = await this.#startSide(api, node, this.#clientDeals)
  }

  async startProvider(): Promise<void> {
    const { ctx, board } = this
    const { miner } = ctx.addresses
    const node = createProviderNode(
      {
        chain: board.wrap('provider.chain', ctx.chain),
        wallet: ctx.identity.providerWallet,
        sealer: board.wrap('provider.sealer', ctx.chain.sealer(miner)),
        clock: ctx.clock,
      },
      { minerAddress: miner, messageConfidence: 1, watchConfidence: 1, epochDurationMs: ctx.epochMs },
    )
    const api = createStorageProvider(
      {
        minerAddress: miner,
        node: board.wrap('provider.node', node),
        network: board.wrap('provider.network', this.#providerNetwork()),
        dataTransfer: board.wrap('provider.transfer', ctx.transfers.provider),
        staging: board.wrap('provider.staging', ctx.storage.staging, { openWriter: 'provider.stagingSink' }),
        // Not tracked as market activity: a staging read hung by a fault would keep the market from
        // ever looking quiet, and every settle would wait out its turn limit.
        pieceCommitment: board.wrapFunction('provider.pieceCommitment', fr32PieceCommitment),
        datastore: this.#datastore('provider', ctx.storage.area('provider')),
        clock: ctx.clock,
        logger: { warn: (message) => this.errors.push(new Error(message)) },
      },
      {
        dealStartBufferEpochs: 4,
        dealDurationLimits: { min: ctx.policy.minDealDuration, max: ctx.policy.maxDealDuration },
        publisher: { publishPeriodMs: ctx.epochMs },
        ask: { price: ASK_PRICE, verifiedPrice: ASK_PRICE / 10n, maxPieceSize: Number(EMBEDDED_SECTOR_SIZE) },
      },
    )
    this.provider = await this.#startSide(api, node, this.#providerDeals)
  }

  /**
   * Stops both sides and starts them again on the same stores (a process restart). False, with
   * nothing restarted, when a side does not finish stopping within {@link STOP_TURNS} turns of the
   * event loop (a call it waits for can never end).
   */
  async restart(): Promise<boolean> {
    if (!(await within(this.client.stop(), STOP_TURNS))) return false
    if (!(await within(this.provider.stop(), STOP_TURNS))) return false
    await this.startProvider()
    await this.startClient()
    await settle(this.ctx)
    return true
  }

  /** Imports a fresh payload and proposes a deal for it; `signal` ends a proposal that hangs. */
  async propose(options?: AbortOptions): Promise<CID> {
    const data = await this.ctx.storage.payloads.add(
      new TextEncoder().encode(`payload ${++this.#payload} `.repeat(64)),
    )
    serve(this.ctx, data.root)
    return proposeEmbeddedDeal(
      this.ctx,
      this.client.api,
      this.board.wrap('client.node', this.client.node),
      { data, startDelayEpochs: START_DELAY, durationEpochs: DURATION },
      options,
    )
  }

  /**
   * Both sides' latest records of a deal, as their notifications reported them (so reading them
   * never goes through a faulted datastore).
   */
  async deal(proposalCid: CID): Promise<DealPair> {
    const key = proposalCid.toString()
    return { client: this.#clientDeals.get(key), provider: this.#providerDeals.get(key) }
  }

  /** Advances epoch by epoch until `done` holds or `epochs` have passed; true when it held. */
  async runUntil(done: () => Promise<boolean>, epochs: number): Promise<boolean> {
    await settle(this.ctx)
    for (let i = 0; i < epochs; i++) {
      if (await done()) return true
      await advance(this.ctx, 1, () => undefined)
    }
    return done()
  }

  /** True when every deal of `proposalCids` is settled on both sides. */
  async allSettled(proposalCids: readonly CID[]): Promise<boolean> {
    for (const cid of proposalCids) if (!isSettled(await this.deal(cid))) return false
    return true
  }

  /** Closes the market; a side that cannot stop is left behind (its pending calls never end). */
  async close(): Promise<void> {
    this.board.disarm()
    await within(this.client.stop(), STOP_TURNS)
    await within(this.provider.stop(), STOP_TURNS)
    this.ctx.transfers.close()
    await this.ctx.chain.close()
    await this.ctx.activity.quiet()
    await this.ctx.storage.close()
  }

  /** Starts `api`, keeping its deals' latest records in `deals` and its errors in {@link errors}. */
  async #startSide<T extends SideApi<D>, N extends { stop(): void }, D extends ClientDeal | MinerDeal>(
    api: T,
    node: N,
    deals: Map<string, D>,
  ): Promise<Side<T, N>> {
    const offError = api.onError((error) => this.errors.push(error))
    const offDeals = api.subscribe((_event, deal) => {
      deals.set(deal.ProposalCid.toString(), deal)
    })
    await api.start()
    return {
      api,
      node,
      async stop() {
        await api.stop()
        node.stop()
        offError()
        offDeals()
      },
    }
  }

  #datastore(side: string, datastore: Datastore): Datastore {
    return this.board.wrap(`${side}.datastore`, datastore, { batch: `${side}.datastoreBatch` })
  }

  /** The provider's network end, with each inbound deal stream wrapped as `provider.dealStream`. */
  #providerNetwork(): ProviderNetwork {
    const base = this.ctx.network.provider(PROVIDER_PEER)
    const board = this.board
    const wrapReceiver = (receiver: MarketReceiver): MarketReceiver => ({
      handleDealStream: (stream: ProviderDealStream) =>
        receiver.handleDealStream(board.wrap('provider.dealStream', stream)),
      handleAskRequest: (request, options) => receiver.handleAskRequest(request, options),
      handleDealStatusRequest: (request, options) => receiver.handleDealStatusRequest(request, options),
    })
    return {
      get peerId() {
        return base.peerId
      },
      setReceiver: (receiver) => base.setReceiver(wrapReceiver(receiver)),
      stopHandling: () => base.stopHandling(),
      tagPeer: (peer, tag) => base.tagPeer(peer, tag),
      untagPeer: (peer, tag) => base.untagPeer(peer, tag),
    }
  }
}
