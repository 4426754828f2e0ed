import type { CID } from 'multiformats/cid'
import { type ClientNode, createClientNode } from '../../../src/adapters/chain-node/client-node.ts'
import { createProviderNode, type ProviderNode } from '../../../src/adapters/chain-node/provider-node.ts'
import type { PieceReader } from '../../../src/adapters/node.ts'
import type { ClientDeal, ClientDealProposal, MinerDeal } from '../../../src/market/index.ts'
import { makeWorld, type World, type WorldOptions } from '../sim-chain/fixtures.ts'
import { type ChainKind, chainUnderTest } from './chains.ts'

/** A world with a client node and a provider node on its chain. */
export interface Nodes {
  readonly world: World
  readonly client: ClientNode
  readonly provider: ProviderNode
  /** Head subscriptions the nodes hold on the world's chain, once every request has reached it. */
  subscriptions(): Promise<number>
}

/** Options of {@link makeNodes}. */
export interface NodesOptions extends WorldOptions {
  /** Watch confidence of both nodes. @default 0 */
  readonly watchConfidence?: number
  /** The chain adapter the nodes use. @default 'SimChain' */
  readonly chain?: ChainKind
}

/**
 * Builds the world and both nodes on the chain of `options.chain`; message confidence is 1 to
 * keep tests short. The sealer is the simulated chain's miner, over the devnet for the Lotus chain.
 */
export async function makeNodes(options: NodesOptions = {}): Promise<Nodes> {
  const world = await makeWorld(options)
  const chain = await chainUnderTest(options.chain ?? 'SimChain', world)
  const init = { messageConfidence: 1, watchConfidence: options.watchConfidence ?? 0 }
  const client = createClientNode({ chain: chain.adapter, wallet: world.wallet, clock: world.clock }, init)
  const provider = createProviderNode(
    { chain: chain.adapter, wallet: world.wallet, sealer: chain.sealer, clock: world.clock },
    { ...init, minerAddress: world.miner },
  )
  return { world, client, provider, subscriptions: chain.subscriptions }
}

/** An empty piece; the simulated sealer never reads it. */
export const EMPTY_PIECE: PieceReader = { size: 0n, open: async function* () {} }

/** A client deal record around a signed proposal, as the client lifecycle would hold it. */
export function clientDeal(
  signed: ClientDealProposal,
  proposalCid: CID,
  publishMessage: CID | null,
): ClientDeal {
  return {
    ...signed,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    State: 'StorageDealProposalAccepted',
    Miner: new Uint8Array(0),
    MinerWorker: signed.Proposal.Provider,
    DealID: 0,
    DataRef: null,
    Message: '',
    DealStages: null,
    PublishMessage: publishMessage,
    SlashEpoch: 0,
    PollRetryCount: 0,
    PollErrorCount: 0,
    FastRetrieval: false,
    FundsReserved: 0n,
    CreationTime: 0n,
    TransferChannelID: null,
    SectorNumber: 0,
  }
}

/** A provider deal record for a published deal, as the provider lifecycle would hold it at hand-off. */
export function minerDeal(
  signed: ClientDealProposal,
  proposalCid: CID,
  dealId: bigint,
  publishCid: CID,
): MinerDeal {
  return {
    ...signed,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    PublishCid: publishCid,
    Miner: new Uint8Array(0),
    Client: new Uint8Array(0),
    State: 'StorageDealStaged',
    PiecePath: '',
    MetadataPath: '',
    SlashEpoch: 0,
    FastRetrieval: false,
    Message: '',
    FundsReserved: 0n,
    Ref: null,
    AvailableForRetrieval: false,
    DealID: Number(dealId),
    CreationTime: 0n,
    TransferChannelId: null,
    SectorNumber: 0,
    InboundCAR: '',
  }
}
