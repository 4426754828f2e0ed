/**
 * Shared pieces of the libp2p network tests: a wallet with a client and a worker key, signed
 * messages, and a provider receiver whose handlers are set per test.
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import type { MarketReceiver, PeerId, ProviderDealStream } from '../../../src/adapters/network.ts'
import type { AbortOptions } from '../../../src/adapters/node.ts'
import {
  type AskRequest,
  type AskResponse,
  clientDealProposalCid,
  type DealParams,
  type DealProposal,
  type DealResponse,
  type DealStatusRequest,
  type DealStatusResponse,
  MemoryWallet,
  type Mk12DealStatusRequest,
  type Mk12DealStatusResponse,
  newDealUuid,
  parseAddress,
  signDealProposal,
  signDealStatusResponse,
  signResponse,
  signStorageAsk,
} from '../../../src/market/index.ts'

export const wallet = new MemoryWallet()
export const CLIENT = wallet.generateKey('secp256k1')
export const WORKER = wallet.generateKey('bls')
export const MINER = parseAddress('f01000')

export const PIECE_CID = CID.createV1(0xf101, Digest.create(0x1012, new Uint8Array(32).fill(7)))
export const ROOT = CID.createV1(0x71, Digest.create(0x12, new Uint8Array(32).fill(9)))

export function proposal(label: DealProposal['Label'] = 'bafy-root'): DealProposal {
  return {
    PieceCID: PIECE_CID,
    PieceSize: 2048,
    VerifiedDeal: false,
    Client: CLIENT,
    Provider: MINER,
    Label: label,
    StartEpoch: 10_000,
    EndEpoch: 600_000,
    StoragePricePerEpoch: 1n,
    ProviderCollateral: 0n,
    ClientCollateral: 0n,
  }
}

export async function dealParams(label: DealProposal['Label'] = 'bafy-root'): Promise<DealParams> {
  return {
    DealUUID: newDealUuid(),
    IsOffline: false,
    ClientDealProposal: await signDealProposal(wallet, proposal(label)),
    DealDataRoot: ROOT,
    Transfer: {
      Type: 'http',
      ClientID: '',
      Params: new TextEncoder().encode('{"URL":"http://127.0.0.1:1/x.car","Headers":null}'),
      Size: 1000,
    },
    RemoveUnsealedCopy: true,
    SkipIPNIAnnounce: true,
  }
}

/** A receiver whose handlers answer as a provider would; each handler can be replaced. */
export class TestReceiver implements MarketReceiver {
  readonly dealParams: { params: DealParams; from: PeerId }[] = []
  readonly deals: { stream: ProviderDealStream; error?: unknown }[] = []

  onDealStream = async (stream: ProviderDealStream): Promise<void> => {
    const entry: { stream: ProviderDealStream; error?: unknown } = { stream }
    this.deals.push(entry)
    try {
      const proposal = await stream.readDealProposal()
      if (proposal.DealProposal === null) throw new Error('no proposal')
      const response = await signResponse(wallet, WORKER, {
        State: 'StorageDealWaitingForData',
        Message: '',
        Proposal: await clientDealProposalCid(proposal.DealProposal),
        PublishMessage: null,
      })
      await stream.writeDealResponse(response)
    } catch (error) {
      entry.error = error
    } finally {
      await stream.close()
    }
  }

  onDealParams = async (params: DealParams, from: PeerId): Promise<DealResponse> => {
    this.dealParams.push({ params, from })
    return { Accepted: true, Message: '' }
  }

  onMk12Status = async (request: Mk12DealStatusRequest): Promise<Mk12DealStatusResponse> => {
    const known = this.dealParams.find((entry) => sameBytes(entry.params.DealUUID, request.DealUUID))
    if (known === undefined) {
      return {
        DealUUID: request.DealUUID,
        Error: 'no storage deal found',
        DealStatus: null,
        IsOffline: false,
        TransferSize: 0,
        NBytesReceived: 0,
      }
    }
    return {
      DealUUID: request.DealUUID,
      Error: '',
      DealStatus: {
        Error: '',
        Status: 'Accepted',
        SealingStatus: '',
        Proposal: known.params.ClientDealProposal.Proposal,
        SignedProposalCid: await clientDealProposalCid(known.params.ClientDealProposal),
        PublishCid: null,
        ChainDealID: 0,
      },
      IsOffline: false,
      TransferSize: known.params.Transfer.Size,
      NBytesReceived: 10,
    }
  }

  handleDealStream(stream: ProviderDealStream): Promise<void> {
    return this.onDealStream(stream)
  }

  async handleAskRequest(request: AskRequest): Promise<AskResponse> {
    const ask = {
      Price: 500_000_000n,
      VerifiedPrice: 0n,
      MinPieceSize: 256,
      MaxPieceSize: 1 << 30,
      Miner: request.Miner,
      Timestamp: 1,
      Expiry: 1_000_000,
      SeqNo: 0,
    }
    return { Ask: await signStorageAsk(wallet, WORKER, ask) }
  }

  async handleDealStatusRequest(request: DealStatusRequest): Promise<DealStatusResponse> {
    return signDealStatusResponse(wallet, WORKER, {
      State: 'StorageDealCheckForAcceptance',
      Message: '',
      Proposal: null,
      ProposalCid: request.Proposal,
      AddFundsCid: null,
      PublishCid: null,
      DealID: 0,
      FastRetrieval: true,
    })
  }

  handleDealParams(params: DealParams, from: PeerId, _options?: AbortOptions): Promise<DealResponse> {
    return this.onDealParams(params, from)
  }

  handleMk12DealStatusRequest(request: Mk12DealStatusRequest): Promise<Mk12DealStatusResponse> {
    return this.onMk12Status(request)
  }
}

/** A receiver that serves mk/1.1 only (no mk/1.2 handlers). */
export function mk11Only(receiver: TestReceiver): MarketReceiver {
  return {
    handleDealStream: (stream) => receiver.handleDealStream(stream),
    handleAskRequest: (request) => receiver.handleAskRequest(request),
    handleDealStatusRequest: (request) => receiver.handleDealStatusRequest(request),
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
