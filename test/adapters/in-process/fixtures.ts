import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { MarketReceiver, ProviderDealStream } from '../../../src/adapters/network.ts'
import { pieceCommitmentOfBytes } from '../../../src/adapters/piece/index.ts'
import {
  type Address,
  type AskRequest,
  type AskResponse,
  clientDealProposalCid,
  type DealProposal,
  type DealStatusRequest,
  type DealStatusResponse,
  idAddress,
  labelFromString,
  MemoryWallet,
  type Proposal,
  type ProviderDealState,
  type SignedResponse,
  signDealProposal,
  signDealStatusRequest,
  signDealStatusResponse,
  signResponse,
  signStorageAsk,
} from '../../../src/market/index.ts'

export const CLIENT = 'client-peer'
export const PROVIDER = 'provider-peer'

/** Keys and signed messages of one client and one provider. */
export async function market() {
  const wallet = new MemoryWallet()
  const client = wallet.generateKey('secp256k1')
  const worker = wallet.generateKey('secp256k1')
  const miner = idAddress(1000)
  const root = CID.create(1, raw.code, await sha256.digest(new Uint8Array([1, 2, 3])))
  const piece = pieceCommitmentOfBytes(new Uint8Array(1000).fill(7))
  const dealProposal: DealProposal = {
    PieceCID: piece.pieceCid,
    PieceSize: piece.pieceSize,
    VerifiedDeal: false,
    Client: client,
    Provider: miner,
    Label: labelFromString(root.toString()),
    StartEpoch: 1000,
    EndEpoch: 600_000,
    StoragePricePerEpoch: 10n,
    ProviderCollateral: 0n,
    ClientCollateral: 0n,
  }
  const signed = await signDealProposal(wallet, dealProposal)
  const proposalCid = await clientDealProposalCid(signed)
  const proposal: Proposal = {
    DealProposal: signed,
    Piece: { TransferType: 'graphsync', Root: root, PieceCid: null, PieceSize: 0, RawBlockSize: 0 },
    FastRetrieval: true,
  }
  const response = await signResponse(wallet, worker, {
    State: 'StorageDealWaitingForData',
    Message: '',
    Proposal: proposalCid,
    PublishMessage: null,
  })
  const ask = await signStorageAsk(wallet, worker, {
    Price: 500_000_000n,
    VerifiedPrice: 50_000_000n,
    MinPieceSize: 256,
    MaxPieceSize: 1 << 20,
    Miner: miner,
    Timestamp: 10,
    Expiry: 1_000_010,
    SeqNo: 0,
  })
  const state: ProviderDealState = {
    State: 'StorageDealTransferring',
    Message: '',
    Proposal: dealProposal,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    PublishCid: null,
    DealID: 0,
    FastRetrieval: true,
  }
  const statusRequest = await signDealStatusRequest(wallet, client, proposalCid)
  const statusResponse = await signDealStatusResponse(wallet, worker, state)
  return {
    wallet,
    client,
    worker,
    miner,
    proposal,
    proposalCid,
    response,
    ask,
    statusRequest,
    statusResponse,
  }
}

/** A provider's receiver that records what it got and answers with fixed signed messages. */
export class ScriptedReceiver implements MarketReceiver {
  readonly proposals: Proposal[] = []
  readonly askRequests: AskRequest[] = []
  readonly statusRequests: DealStatusRequest[] = []
  readonly streams: ProviderDealStream[] = []
  /** Signals the handlers received, to check they are aborted. */
  readonly signals: AbortSignal[] = []
  /** Replaces the ask/status handlers' answers, e.g. to hang or throw. */
  askHandler: ((request: AskRequest, signal: AbortSignal) => Promise<AskResponse>) | undefined
  statusHandler:
    | ((request: DealStatusRequest, signal: AbortSignal) => Promise<DealStatusResponse>)
    | undefined
  /** When false, deal streams are only read, never answered (the response is sent later by the test). */
  answerDeals = true

  constructor(
    readonly answers: { response: SignedResponse; ask: AskResponse['Ask']; status: DealStatusResponse },
  ) {}

  async handleDealStream(stream: ProviderDealStream): Promise<void> {
    this.streams.push(stream)
    this.proposals.push(await stream.readDealProposal())
    if (!this.answerDeals) return
    await stream.writeDealResponse(this.answers.response)
    await stream.close()
  }

  async handleAskRequest(request: AskRequest, options?: { signal?: AbortSignal }): Promise<AskResponse> {
    this.askRequests.push(request)
    if (options?.signal) this.signals.push(options.signal)
    if (this.askHandler && options?.signal) return this.askHandler(request, options.signal)
    return { Ask: this.answers.ask }
  }

  async handleDealStatusRequest(
    request: DealStatusRequest,
    options?: { signal?: AbortSignal },
  ): Promise<DealStatusResponse> {
    this.statusRequests.push(request)
    if (options?.signal) this.signals.push(options.signal)
    if (this.statusHandler && options?.signal) return this.statusHandler(request, options.signal)
    return this.answers.status
  }
}

/** A promise that settles only when `signal` aborts, rejecting with its reason. */
export function untilAborted<T>(signal: AbortSignal): Promise<T> {
  return new Promise<T>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  const state = { settled: false, promise }
  promise.then(
    () => {
      state.settled = true
    },
    () => {
      state.settled = true
    },
  )
  return state
}

export type { Address }
