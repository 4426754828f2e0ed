import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { identity } from 'multiformats/hashes/identity'
import type { StorageProviderInfo } from '../../src/adapters/node.ts'
import { peerToRecord } from '../../src/adapters/record-ids.ts'
import type { ClientState } from '../../src/client/index.ts'
import {
  type ClientDeal,
  clientDealProposalCid,
  type DataRef,
  type DealProposal,
  emptyDealStages,
  encodeDealProposal,
  idAddress,
  labelFromString,
} from '../../src/market/index.ts'
import { fakeSign } from '../fakes/client-signatures.ts'

/** The paying client. */
export const clientAddress = idAddress(1001)
/** The provider's miner actor. */
export const providerAddress = idAddress(1002)
/** The provider's worker key, which signs its answers. */
export const workerAddress = idAddress(1003)

/** A valid libp2p peer id string (an identity multihash of `name`). */
export function fakePeer(name: string): string {
  return base58btc.baseEncode(identity.digest(new TextEncoder().encode(name)).bytes)
}

export const minerPeer = fakePeer('provider')
export const clientPeer = fakePeer('client')

function seedBytes(seed: string): Uint8Array {
  const bytes = new Uint8Array(32)
  const text = new TextEncoder().encode(seed)
  for (let i = 0; i < 32; i++) bytes[i] = (text[i % text.length] ?? 0) ^ i
  return bytes
}

/** A CIDv1 (raw, sha2-256 shaped) derived from `seed`. */
export function testCid(seed: string): CID {
  return CID.createV1(0x55, Digest.create(0x12, seedBytes(seed)))
}

/** A piece commitment CID (fil-commitment-unsealed, sha2-256-trunc254-padded) derived from `seed`. */
export function testPieceCid(seed: string): CID {
  return CID.createV1(0xf101, Digest.create(0x1012, seedBytes(seed)))
}

export const PADDED_PIECE_SIZE = 1 << 20
export const UNPADDED_PIECE_SIZE = PADDED_PIECE_SIZE - PADDED_PIECE_SIZE / 128

/** A payload reference with a piece commitment. */
export function dataRef(transferType = 'graphsync', seed = 'payload'): DataRef {
  return {
    TransferType: transferType,
    Root: testCid(seed),
    PieceCid: testPieceCid(seed),
    PieceSize: UNPADDED_PIECE_SIZE,
    RawBlockSize: 0,
  }
}

/** The test proposal: 180 days from epoch 200, 10 000 attoFIL per epoch. */
export function dealProposal(overrides: Partial<DealProposal> = {}): DealProposal {
  return {
    PieceCID: testPieceCid('payload'),
    PieceSize: PADDED_PIECE_SIZE,
    VerifiedDeal: false,
    Client: clientAddress,
    Provider: providerAddress,
    Label: labelFromString(''),
    StartEpoch: 200,
    EndEpoch: 200 + 518_400,
    StoragePricePerEpoch: 10_000n,
    ProviderCollateral: 10_000n,
    ClientCollateral: 0n,
    ...overrides,
  }
}

/** The provider the tests deal with. */
export function providerInfo(overrides: Partial<StorageProviderInfo> = {}): StorageProviderInfo {
  return {
    address: providerAddress,
    owner: providerAddress,
    worker: workerAddress,
    sectorSize: 32n << 30n,
    peerId: minerPeer,
    addrs: [],
    ...overrides,
  }
}

/** A signed client deal in `state`, as ProposeStorageDeal would have created it. */
export async function makeDeal(
  state: ClientState,
  overrides: Partial<ClientDeal> = {},
  proposal: Partial<DealProposal> = {},
): Promise<ClientDeal> {
  const Proposal = dealProposal(proposal)
  const ClientSignature = fakeSign(Proposal.Client, encodeDealProposal(Proposal))
  return {
    Proposal,
    ClientSignature,
    ProposalCid: await clientDealProposalCid({ Proposal, ClientSignature }),
    AddFundsCid: null,
    State: state,
    Miner: peerToRecord(minerPeer),
    MinerWorker: workerAddress,
    DealID: 0,
    DataRef: dataRef(),
    Message: '',
    DealStages: emptyDealStages(),
    PublishMessage: null,
    SlashEpoch: 0,
    PollRetryCount: 0,
    PollErrorCount: 0,
    FastRetrieval: false,
    FundsReserved: 0n,
    CreationTime: 0n,
    TransferChannelID: null,
    SectorNumber: 0,
    ...overrides,
  }
}
