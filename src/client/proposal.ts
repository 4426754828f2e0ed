/**
 * Building a new client deal from proposeStorageDeal's parameters. Nothing is computed that the
 * caller did not ask for: the piece CID and size come with the data reference.
 *
 * @module
 */

import { base64 } from 'multiformats/bases/base64'
import type { CID } from 'multiformats/cid'
import type { DealProtocolFamily } from '../adapters/network.ts'
import type { AbortOptions, StorageClientNode, StorageProviderInfo } from '../adapters/node.ts'
import { peerToRecord } from '../adapters/record-ids.ts'
import { MissingPieceCommitmentError, PieceTooLargeError } from '../errors.ts'
import {
  type Address,
  type CborTime,
  type ChainEpoch,
  type ClientDeal,
  type ClientDealProposal,
  type DataRef,
  type DealLabel,
  type DealProposal,
  type DealUUID,
  emptyDealStages,
  labelFromString,
  type TokenAmount,
  type Transfer,
  toPaddedSize,
} from '../market/index.ts'

/** What a client proposes (go-fil-markets `ProposeStorageDealParams`). */
export interface ProposeStorageDealParams {
  /** The paying client; the node signs the proposal with its key. */
  readonly client: Address
  /** The provider, as learned from the chain or a directory. */
  readonly provider: StorageProviderInfo
  /** The payload; its `PieceCid` and `PieceSize` (unpadded) are required. */
  readonly data: DataRef
  /** First epoch of the deal; the provider must have proven the sector by then. */
  readonly startEpoch: ChainEpoch
  /** Epoch at which the deal ends. */
  readonly endEpoch: ChainEpoch
  /** Price per epoch for the whole piece, in attoFIL. */
  readonly pricePerEpoch: TokenAmount
  /**
   * Collateral the provider locks, in attoFIL; zero means the node's minimum.
   * @default the minimum of `node.dealProviderCollateralBounds`
   */
  readonly providerCollateral?: TokenAmount
  /**
   * Ask the provider to keep an unsealed copy.
   * @default false
   */
  readonly fastRetrieval?: boolean
  /**
   * Pay with the client's DataCap.
   * @default false
   */
  readonly verifiedDeal?: boolean
  /**
   * The protocol family to propose over: `mk/1.2` (Boost; the provider pulls the data from a URL
   * the client's transfer registry serves) or `mk/1.1` (go-fil-markets; the client pushes it).
   * @default the newest family both the provider and the client can use
   */
  readonly protocolFamily?: DealProtocolFamily
}

/** What proposeStorageDeal returns. */
export interface ProposeStorageDealResult {
  /** The deal's id: the CID of the signed proposal. */
  readonly proposalCid: CID
  /** The family the deal runs on. */
  readonly protocolFamily: DealProtocolFamily
  /** The deal's UUID, for mk/1.2 deals (how Boost names the deal). */
  readonly dealUuid?: DealUUID
}

/** The Boost-specific part of a new mk/1.2 deal record. */
export interface Mk12DealFields {
  readonly DealUUID: DealUUID
  /** The transfer offered to the provider; absent for offline deals. */
  readonly Transfer?: Transfer
}

/**
 * The label go-fil-markets gives a deal: the payload root as text, base58btc for a CIDv0 and
 * base64 multibase for a CIDv1.
 */
export function payloadRootLabel(root: CID): DealLabel {
  return labelFromString(root.version === 0 ? root.toString() : root.toString(base64))
}

/**
 * The unsigned proposal for `params`.
 *
 * @throws {@link MissingPieceCommitmentError} without a piece CID and size
 * @throws {@link PieceTooLargeError} when the padded piece exceeds the provider's sector size
 */
export async function buildDealProposal(
  node: StorageClientNode,
  params: ProposeStorageDealParams,
  options?: AbortOptions,
): Promise<DealProposal> {
  const { data } = params
  if (data.PieceCid === null || data.PieceSize === 0) throw new MissingPieceCommitmentError(data.TransferType)
  const pieceSize = toPaddedSize(data.PieceSize)
  if (BigInt(pieceSize) > params.provider.sectorSize)
    throw new PieceTooLargeError(pieceSize, params.provider.sectorSize)
  const verified = params.verifiedDeal ?? false
  let collateral = params.providerCollateral ?? 0n
  if (collateral === 0n)
    collateral = (await node.dealProviderCollateralBounds(pieceSize, verified, options)).min
  return {
    PieceCID: data.PieceCid,
    PieceSize: pieceSize,
    VerifiedDeal: verified,
    Client: params.client,
    Provider: params.provider.address,
    Label: payloadRootLabel(data.Root),
    StartEpoch: params.startEpoch,
    EndEpoch: params.endEpoch,
    StoragePricePerEpoch: params.pricePerEpoch,
    ProviderCollateral: collateral,
    ClientCollateral: 0n,
  }
}

/** A new deal record in StorageDealUnknown, as proposeStorageDeal begins it; `mk12` for Boost deals. */
export function newClientDeal(
  signed: ClientDealProposal,
  proposalCid: CID,
  params: ProposeStorageDealParams,
  creationTime: CborTime,
  mk12?: Mk12DealFields,
): ClientDeal {
  return {
    ...mk12,
    Proposal: signed.Proposal,
    ClientSignature: signed.ClientSignature,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    State: 'StorageDealUnknown',
    Miner: peerToRecord(params.provider.peerId),
    MinerWorker: params.provider.worker,
    DealID: 0,
    DataRef: params.data,
    Message: '',
    DealStages: emptyDealStages(),
    PublishMessage: null,
    SlashEpoch: 0,
    PollRetryCount: 0,
    PollErrorCount: 0,
    FastRetrieval: params.fastRetrieval ?? false,
    FundsReserved: 0n,
    CreationTime: creationTime,
    TransferChannelID: null,
    SectorNumber: 0,
  }
}
