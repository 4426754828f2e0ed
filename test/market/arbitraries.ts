/**
 * fast-check arbitraries producing valid market values, shared by the market property tests.
 */

import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { textFromWire } from '../../src/market/cbor/text.ts'
import {
  type Address,
  addressFromBytes,
  type ChannelID,
  type ClientDeal,
  type ClientDealProposal,
  type DataRef,
  type DealLabel,
  type DealProposal,
  type DealStages,
  type DealStatusRequest,
  type DealStatusResponse,
  idAddress,
  type MinerDeal,
  type Proposal,
  type ProviderDealState,
  type Response,
  type Signature,
  type SignedResponse,
  type SignedStorageAsk,
  STORAGE_DEAL_STATUSES,
  type StorageAsk,
} from '../../src/market/index.ts'

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max })

/** CIDv0 and CIDv1 of the codecs deals use, with sha2-256-sized digests. */
export const cid: fc.Arbitrary<CID> = fc.oneof(
  fc
    .tuple(fc.constantFrom(0x71, 0x55, 0x70, 0xf101), fc.constantFrom(0x12, 0x1012, 0xb220), bytes(32, 32))
    .map(([codec, hash, digest]) => CID.createV1(codec, Digest.create(hash, digest))),
  bytes(32, 32).map((digest) => CID.createV0(Digest.create(0x12, digest))),
)

/** Addresses of every protocol (delegated ones in namespace 10, the only one iso-filecoin supports). */
export const address: fc.Arbitrary<Address> = fc.oneof(
  fc.bigInt(0n, 2n ** 63n - 1n).map((id) => idAddress(id)),
  fc
    .tuple(fc.constantFrom(1, 2), bytes(20, 20))
    .map(([p, payload]) => addressFromBytes(Uint8Array.of(p, ...payload))),
  bytes(48, 48).map((payload) => addressFromBytes(Uint8Array.of(3, ...payload))),
  bytes(1, 54).map((payload) => addressFromBytes(Uint8Array.of(4, 10, ...payload))),
)

/** Signatures of the three types, with arbitrary data (lengths are not checked by the codec). */
export const signature: fc.Arbitrary<Signature> = fc.record({
  Type: fc.constantFrom(1 as const, 2 as const, 3 as const),
  Data: bytes(0, 199),
})

/** Token amounts over the whole encodable range, biased to small values. */
export const amount: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt(-(10n ** 24n), 10n ** 24n),
  fc.bigInt(-(2n ** 1016n - 1n), 2n ** 1016n - 1n),
)

/** Go strings: mostly well-formed text, sometimes arbitrary bytes (escaped). */
export const goString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: bytes(0, 40).map(textFromWire), weight: 1 },
)

/** Labels of both kinds, including ones over 256 bytes (the codec accepts them). */
export const label: fc.Arbitrary<DealLabel> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  bytes(0, 300),
)

export const status = fc.constantFrom(...STORAGE_DEAL_STATUSES)
const uint = fc.maxSafeNat()
const epoch = fc.maxSafeInteger()
const time = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n)
/** Peer IDs: raw multihash-like bytes, or ASCII so some records stay within what dag-cbor decodes. */
const peer = fc.oneof(
  { arbitrary: bytes(0, 40), weight: 1 },
  {
    arbitrary: fc
      .string({ unit: 'binary-ascii', maxLength: 40 })
      .map((text) => new TextEncoder().encode(text)),
    weight: 3,
  },
)

export const dealProposal: fc.Arbitrary<DealProposal> = fc.record({
  PieceCID: cid,
  PieceSize: uint,
  VerifiedDeal: fc.boolean(),
  Client: address,
  Provider: address,
  Label: label,
  StartEpoch: epoch,
  EndEpoch: epoch,
  StoragePricePerEpoch: amount,
  ProviderCollateral: amount,
  ClientCollateral: amount,
})

export const clientDealProposal: fc.Arbitrary<ClientDealProposal> = fc.record({
  Proposal: dealProposal,
  ClientSignature: signature,
})

export const dataRef: fc.Arbitrary<DataRef> = fc.record({
  TransferType: fc.oneof(fc.constantFrom('graphsync', 'manual'), goString),
  Root: cid,
  PieceCid: fc.option(cid, { nil: null }),
  PieceSize: uint,
  RawBlockSize: uint,
})

export const proposal: fc.Arbitrary<Proposal> = fc.record({
  DealProposal: fc.option(clientDealProposal, { nil: null }),
  Piece: fc.option(dataRef, { nil: null }),
  FastRetrieval: fc.boolean(),
})

export const response: fc.Arbitrary<Response> = fc.record({
  State: status,
  Message: goString,
  Proposal: cid,
  PublishMessage: fc.option(cid, { nil: null }),
})

export const signedResponse: fc.Arbitrary<SignedResponse> = fc.record({
  Response: response,
  Signature: fc.option(signature, { nil: null }),
})

export const storageAsk: fc.Arbitrary<StorageAsk> = fc.record({
  Price: amount,
  VerifiedPrice: amount,
  MinPieceSize: uint,
  MaxPieceSize: uint,
  Miner: address,
  Timestamp: epoch,
  Expiry: epoch,
  SeqNo: uint,
})

export const signedStorageAsk: fc.Arbitrary<SignedStorageAsk> = fc.record({
  Ask: fc.option(storageAsk, { nil: null }),
  Signature: fc.option(signature, { nil: null }),
})

export const providerDealState: fc.Arbitrary<ProviderDealState> = fc.record({
  State: status,
  Message: goString,
  Proposal: fc.option(dealProposal, { nil: null }),
  ProposalCid: fc.option(cid, { nil: null }),
  AddFundsCid: fc.option(cid, { nil: null }),
  PublishCid: fc.option(cid, { nil: null }),
  DealID: uint,
  FastRetrieval: fc.boolean(),
})

export const dealStatusRequest: fc.Arbitrary<DealStatusRequest> = fc.record({
  Proposal: cid,
  Signature: signature,
})

export const dealStatusResponse: fc.Arbitrary<DealStatusResponse> = fc.record({
  DealState: providerDealState,
  Signature: signature,
})

export const channelId: fc.Arbitrary<ChannelID> = fc.record({
  Initiator: peer,
  Responder: peer,
  ID: fc.bigInt(0n, 2n ** 64n - 1n),
})

const dealStages: fc.Arbitrary<DealStages> = fc.record({
  Stages: fc.array(
    fc.record({
      Name: goString,
      Description: goString,
      ExpectedDuration: goString,
      CreatedTime: time,
      UpdatedTime: time,
      Logs: fc.array(fc.record({ Log: goString, UpdatedTime: time }), { maxLength: 4 }),
    }),
    { maxLength: 4 },
  ),
})

export const clientDeal: fc.Arbitrary<ClientDeal> = fc
  .record({
    signed: clientDealProposal,
    ProposalCid: cid,
    AddFundsCid: fc.option(cid, { nil: null }),
    State: status,
    Miner: peer,
    MinerWorker: address,
    DealID: uint,
    DataRef: fc.option(dataRef, { nil: null }),
    Message: goString,
    DealStages: fc.option(dealStages, { nil: null }),
    PublishMessage: fc.option(cid, { nil: null }),
    SlashEpoch: epoch,
    PollRetryCount: uint,
    PollErrorCount: uint,
    FastRetrieval: fc.boolean(),
    FundsReserved: amount,
    CreationTime: time,
    TransferChannelID: fc.option(channelId, { nil: null }),
    SectorNumber: uint,
  })
  .map(({ signed, ...rest }) => ({ ...signed, ...rest }))

export const minerDeal: fc.Arbitrary<MinerDeal> = fc
  .record({
    signed: clientDealProposal,
    ProposalCid: cid,
    AddFundsCid: fc.option(cid, { nil: null }),
    PublishCid: fc.option(cid, { nil: null }),
    Miner: peer,
    Client: peer,
    State: status,
    PiecePath: goString,
    MetadataPath: goString,
    SlashEpoch: epoch,
    FastRetrieval: fc.boolean(),
    Message: goString,
    FundsReserved: amount,
    Ref: fc.option(dataRef, { nil: null }),
    AvailableForRetrieval: fc.boolean(),
    DealID: uint,
    CreationTime: time,
    TransferChannelId: fc.option(channelId, { nil: null }),
    SectorNumber: uint,
    InboundCAR: goString,
  })
  .map(({ signed, ...rest }) => ({ ...signed, ...rest }))
