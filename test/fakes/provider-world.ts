import { MemoryDatastore } from 'datastore-core'
import type { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { peerToRecord } from '../../src/adapters/record-ids.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import {
  type Address,
  type ClientDealProposal,
  clientBalanceRequirement,
  clientDealProposalCid,
  type DealProposal,
  EPOCHS_PER_DAY,
  idAddress,
  MemoryWallet,
  type MinerDeal,
  peerIdToString,
  type StorageAsk,
  signDealProposal,
} from '../../src/market/index.ts'
import {
  createProviderEnvironment,
  type DealFilter,
  DealPublisher,
  DealStreams,
  type ProviderDealEnvironment,
  type ProviderState,
  type StorageProviderComponents,
} from '../../src/provider/index.ts'
import { signMinerData } from '../../src/provider/sign.ts'
import { FakeProviderNetwork } from './provider-network.ts'
import { FakeProviderNode, messageCid } from './provider-node.ts'
import { FakePieceDirectory, FakeStagingStore, fakePieceCommitment, pieceCidOf } from './provider-staging.ts'
import { FakeProviderDataTransfer } from './provider-transfer.ts'

/** Chain height of every world (the reference tests use 50 too). */
export const HEAD_EPOCH = 50
/** Padded piece size of the default proposal: 1 MiB. */
export const PIECE_SIZE = 1 << 20
/** Start of the default proposal: clear of the 480-epoch deal-start buffer. */
export const START_EPOCH = 1000
/** End of the default proposal: 200 days after the start. */
export const END_EPOCH = START_EPOCH + 200 * EPOCHS_PER_DAY
/** The ask of the reference tests: price 10 000 000, verified 1 000 000, pieces 256 B to 1 MiB. */
export const TEST_ASK_TERMS = { price: 10_000_000n, verifiedPrice: 1_000_000n, min: 256, max: 1 << 20 }

/** Everything a provider test runs against: fakes, keys, a payload and its piece CID. */
export interface ProviderWorld {
  readonly clock: VirtualClock
  readonly wallet: MemoryWallet
  readonly client: Address
  readonly worker: Address
  readonly provider: Address
  readonly clientPeer: string
  readonly providerPeer: string
  readonly node: FakeProviderNode
  readonly network: FakeProviderNetwork
  readonly dataTransfer: FakeProviderDataTransfer
  readonly staging: FakeStagingStore
  readonly pieceDirectory: FakePieceDirectory
  readonly datastore: MemoryDatastore
  readonly warnings: string[]
  readonly payload: Uint8Array
  readonly pieceCid: CID
  readonly root: CID
  readonly streams: DealStreams
  readonly publisher: DealPublisher
  readonly lifetime: AbortController
  ask: StorageAsk | undefined
  filter: DealFilter
  readonly components: StorageProviderComponents
  /** A proposal with the reference test defaults, signed by the client. */
  proposal(overrides?: Partial<DealProposal>): Promise<ClientDealProposal>
  /** A deal record in `state`, its data staged at InboundCAR. */
  deal(
    state: ProviderState,
    overrides?: Partial<MinerDeal>,
    proposal?: Partial<DealProposal>,
  ): Promise<MinerDeal>
  /** The entry functions' environment over these fakes. */
  environment(): ProviderDealEnvironment
}

/** A fresh world. */
export async function createProviderWorld(): Promise<ProviderWorld> {
  const clock = new VirtualClock(1_700_000_000_000)
  const wallet = new MemoryWallet()
  const client = wallet.generateKey('secp256k1')
  const worker = wallet.generateKey('secp256k1')
  const provider = idAddress(1000)
  const node = new FakeProviderNode(wallet, worker)
  const clientPeer = await peerOf('client')
  const providerPeer = await peerOf('provider')
  const staging = new FakeStagingStore()
  const payload = new TextEncoder().encode('the payload of the test deal '.repeat(14))
  const pieceCid = await pieceCidOf([payload], PIECE_SIZE)
  const root = await messageCid('payload-root')
  const streams = new DealStreams((bytes, options) => signMinerData(node, provider, bytes, options))
  const publisher = new DealPublisher({ node, clock })
  const warnings: string[] = []
  const network = new FakeProviderNetwork(providerPeer)
  const dataTransfer = new FakeProviderDataTransfer()
  const pieceDirectory = new FakePieceDirectory()
  const datastore = new MemoryDatastore()
  const logger = { warn: (message: string) => void warnings.push(message) }
  const world: ProviderWorld = {
    ...{ clock, wallet, client, worker, provider, clientPeer, providerPeer, node, network, dataTransfer },
    ...{ staging, pieceDirectory, datastore, warnings, payload, pieceCid, root, streams, publisher },
    lifetime: new AbortController(),
    ask: {
      Price: TEST_ASK_TERMS.price,
      VerifiedPrice: TEST_ASK_TERMS.verifiedPrice,
      MinPieceSize: TEST_ASK_TERMS.min,
      MaxPieceSize: TEST_ASK_TERMS.max,
      Miner: provider,
      Timestamp: HEAD_EPOCH,
      Expiry: HEAD_EPOCH + 100_000,
      SeqNo: 0,
    },
    filter: () => ({ accept: true }),
    components: {
      ...{
        minerAddress: provider,
        node,
        network,
        dataTransfer,
        staging,
        datastore,
        clock,
        pieceDirectory,
        logger,
      },
      pieceCommitment: fakePieceCommitment,
    },
    proposal: (overrides = {}) =>
      signDealProposal(wallet, defaultProposal(client, provider, pieceCid, overrides)),
    deal: async (state, overrides = {}, proposal = {}) => {
      const signed = await world.proposal(proposal)
      const inbound = `staging/inbound-${state}`
      staging.plant(inbound, payload)
      return {
        ...signed,
        ProposalCid: await clientDealProposalCid(signed),
        AddFundsCid: await messageCid('add-funds'),
        PublishCid: await messageCid('publish'),
        Miner: peerToRecord(providerPeer),
        Client: peerToRecord(clientPeer),
        State: state,
        PiecePath: '',
        MetadataPath: '',
        SlashEpoch: 0,
        FastRetrieval: false,
        Message: '',
        FundsReserved: 0n,
        Ref: { TransferType: 'graphsync', Root: root, PieceCid: null, PieceSize: 0, RawBlockSize: 0 },
        AvailableForRetrieval: false,
        DealID: 0,
        CreationTime: 0n,
        TransferChannelId: null,
        SectorNumber: 0,
        InboundCAR: inbound,
        ...overrides,
      }
    },
    environment: () =>
      createProviderEnvironment({
        ...{
          address: provider,
          node,
          network,
          dataTransfer,
          staging,
          pieceDirectory,
          clock,
          logger,
          streams,
        },
        pieceCommitment: fakePieceCommitment,
        publisher,
        lifetime: world.lifetime.signal,
        awaitRestartTimeoutMs: 3_600_000,
        dealStartBufferEpochs: 480,
        dealFilter: (deal, snapshot, options) => world.filter(deal, snapshot, options),
        ask: () => world.ask,
        dealsInProgress: () => 0,
      }),
  }
  const signed = await world.proposal()
  node.balances.set(client.toString(), clientBalanceRequirement(signed.Proposal))
  return world
}

function defaultProposal(
  client: Address,
  provider: Address,
  pieceCid: CID,
  overrides: Partial<DealProposal>,
): DealProposal {
  return {
    PieceCID: pieceCid,
    PieceSize: PIECE_SIZE,
    VerifiedDeal: false,
    Client: client,
    Provider: provider,
    Label: '',
    StartEpoch: START_EPOCH,
    EndEpoch: END_EPOCH,
    StoragePricePerEpoch: 10_000n,
    ProviderCollateral: 10_000n,
    ClientCollateral: 0n,
    ...overrides,
  }
}

async function peerOf(name: string): Promise<string> {
  return peerIdToString((await sha256.digest(new TextEncoder().encode(name))).bytes)
}
