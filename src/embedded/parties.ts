/**
 * Building the client and the provider of an embedded market, each with its own node, as a
 * process of its own would: restarting one builds it again on the same stores and network.
 *
 * @module
 */

import type { ChainNodeInit } from '../adapters/chain-node/index.ts'
import {
  type ClientNode,
  createClientNode,
  createProviderNode,
  type ProviderNode,
} from '../adapters/chain-node/index.ts'
import { createStorageClient, type StorageClient } from '../client/index.ts'
import { createStorageProvider, type StorageProvider } from '../provider/index.ts'
import { DEFAULT_EMBEDDED_ASK_PRICE } from './api.ts'
import type { MarketContext } from './context.ts'
import { CLIENT_PEER, EMBEDDED_SECTOR_SIZE, PROVIDER_PEER } from './identity.ts'
import { fr32PieceCommitment } from './piece-commitment.ts'
import { byCreationTime } from './summary.ts'

/**
 * Least epochs between the head and a proposal's start: the sealing buffer the embedded provider
 * asks for, well below the default start delay.
 */
export const EMBEDDED_START_BUFFER = 10

/**
 * Epochs between the client's acceptance polls. Each poll is a signed request and a signed answer
 * per deal; polling every epoch would spend most of a demo on signatures while the provider waits
 * out its publish confidence, and three epochs keep acceptance well inside the grace period.
 */
export const CLIENT_POLL_EPOCHS = 3

/** A running side and what to undo when it stops. */
export interface Party<T> {
  readonly api: T
  /** Stop the side, its node's watches and the market's subscriptions to it. */
  stop(): Promise<void>
}

function nodeInit(ctx: MarketContext): ChainNodeInit {
  const { message, watch } = ctx.init.confidence ?? {}
  return {
    epochDurationMs: ctx.epochMs,
    ...(message === undefined ? {} : { messageConfidence: message }),
    ...(watch === undefined ? {} : { watchConfidence: watch }),
  }
}

/** The client side of the market. */
export type ClientParty = Party<StorageClient> & { readonly node: ClientNode }
/** The provider side of the market. */
export type ProviderParty = Party<StorageProvider> & { readonly node: ProviderNode }

/** Starts a new client on the market's stores; its unfinished deals restart. */
export async function startClientParty(ctx: MarketContext): Promise<ClientParty> {
  const party = createClientParty(ctx)
  await learnListedDeals(
    party.api,
    (deals) => deals.sort(byCreationTime),
    ctx.tracker.client.bind(ctx.tracker),
  )
  return party
}

/** Starts a new provider on the market's stores; its unfinished deals restart. */
export async function startProviderParty(ctx: MarketContext): Promise<ProviderParty> {
  const party = createProviderParty(ctx)
  await learnListedDeals(party.api, (deals) => deals, ctx.tracker.provider.bind(ctx.tracker))
  return party
}

/**
 * Starts a side and tells the tracker the state of every deal listed afterwards. Deals already final
 * send no event, so the tracker learns of them from the list; but a restarted deal may take events
 * (and be notified) while the list is read, so a deal notified since the start keeps the notified
 * state: the listed one may be older (a deal shown Active forever after it expired).
 */
export async function learnListedDeals<
  D extends { readonly ProposalCid: { toString(): string }; readonly State: string },
>(
  side: {
    start(): Promise<unknown>
    listLocalDeals(): Promise<D[]>
    subscribe(listener: (event: unknown, deal: D) => unknown): () => void
  },
  order: (deals: D[]) => D[],
  learn: (proposalCid: string, state: string) => void,
): Promise<void> {
  const notified = new Set<string>()
  const unsubscribe = side.subscribe((_event, deal) => {
    notified.add(deal.ProposalCid.toString())
  })
  try {
    await side.start()
    for (const deal of order(await side.listLocalDeals())) {
      const proposalCid = deal.ProposalCid.toString()
      if (!notified.has(proposalCid)) learn(proposalCid, deal.State)
    }
  } finally {
    unsubscribe()
  }
}

function createClientParty(ctx: MarketContext): ClientParty {
  const connection = ctx.link.connectClient()
  const node = createClientNode(
    { chain: connection.chain, wallet: connection.wallet, clock: ctx.clock },
    nodeInit(ctx),
  )
  const client = createStorageClient(
    {
      node,
      network: ctx.network.client(CLIENT_PEER),
      dataTransfer: ctx.transfers.client,
      transferRegistry: ctx.pulls.registry((root) => ctx.hub.client(CLIENT_PEER).payload(root)),
      datastore: ctx.storage.area('client'),
      clock: ctx.clock,
    },
    { pollingIntervalMs: CLIENT_POLL_EPOCHS * ctx.epochMs, ...ctx.init.client },
  )
  const unsubscribe = [
    client.subscribe((_event, deal) => {
      ctx.tracker.client(deal.ProposalCid.toString(), deal.State)
      ctx.onDealEvent()
    }),
    client.onError((error) => ctx.onError(error)),
  ]
  return {
    api: client,
    node,
    async stop() {
      await client.stop()
      node.stop()
      connection.close()
      for (const undo of unsubscribe) undo()
    },
  }
}

function createProviderParty(ctx: MarketContext): ProviderParty {
  const { addresses, policy, init } = ctx
  const connection = ctx.link.connectProvider(addresses.miner)
  const node = createProviderNode(
    { chain: connection.chain, wallet: connection.wallet, sealer: connection.sealer, clock: ctx.clock },
    { minerAddress: addresses.miner, ...nodeInit(ctx) },
  )
  const price = init.askPrice ?? DEFAULT_EMBEDDED_ASK_PRICE
  const provider = createStorageProvider(
    {
      minerAddress: addresses.miner,
      node,
      network: ctx.network.provider(PROVIDER_PEER),
      dataTransfer: ctx.transfers.provider,
      pullTransfer: ctx.pulls.provider(PROVIDER_PEER),
      staging: ctx.storage.staging,
      pieceCommitment: (payload, size, options) =>
        ctx.activity.track(fr32PieceCommitment(payload, size, options)),
      datastore: ctx.storage.area('provider'),
      clock: ctx.clock,
      logger: { warn: (message) => ctx.onError(new Error(message)) },
    },
    {
      ...(init.dealFilter === undefined ? {} : { dealFilter: init.dealFilter }),
      dealStartBufferEpochs: EMBEDDED_START_BUFFER,
      dealDurationLimits: { min: policy.minDealDuration, max: policy.maxDealDuration },
      // Deals proposed in the same epoch share a message; none waits the mainnet hour.
      publisher: { publishPeriodMs: ctx.epochMs },
      ask: { price, verifiedPrice: price / 10n, maxPieceSize: Number(EMBEDDED_SECTOR_SIZE) },
      ...init.provider,
    },
  )
  const unsubscribe = [
    provider.subscribe((_event, deal) => {
      ctx.tracker.provider(deal.ProposalCid.toString(), deal.State)
      ctx.onDealEvent()
    }),
    provider.onError((error) => ctx.onError(error)),
  ]
  return {
    api: provider,
    node,
    async stop() {
      await provider.stop()
      node.stop()
      connection.close()
      for (const undo of unsubscribe) undo()
    },
  }
}
