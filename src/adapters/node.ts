/**
 * The node contracts: what deal entry functions call to reach the chain and the wallet. They follow
 * go-fil-markets' StorageCommon / StorageClientNode / StorageProviderNode one method for one
 * method (camelCase names), with an AbortSignal on every asynchronous call. The library ships a
 * default implementation on top of any chain adapter; tests replace them with fakes.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type {
  Address,
  ChainEpoch,
  ClientDeal,
  ClientDealProposal,
  DealProposal,
  MinerDeal,
  PaddedPieceSize,
  Signature,
  TokenAmount,
  UnpaddedPieceSize,
} from '../market/index.ts'

/** Options accepted by every asynchronous adapter call. */
export interface AbortOptions {
  readonly signal?: AbortSignal
}

/** Opaque identifier of a chain head, handed back to the node unchanged. */
export type TipSetToken = Uint8Array

/** A chain head as the node reports it. */
export interface ChainHead {
  readonly token: TipSetToken
  readonly epoch: ChainEpoch
}

/** Market-actor escrow of an address. */
export interface Balance {
  readonly locked: TokenAmount
  readonly available: TokenAmount
}

/** The outcome of an executed chain message. */
export interface MessageReceipt {
  /** 0 on success. */
  readonly exitCode: number
  readonly returnValue: Uint8Array
  /** The CID that actually executed (differs from the one waited for if the message was replaced). */
  readonly finalCid: CID
}

/** Network limits for provider collateral. */
export interface CollateralBounds {
  readonly min: TokenAmount
  readonly max: TokenAmount
}

/** What a deal's pre-commit watcher reports: the sector, or that the deal is already active. */
export type PreCommitOutcome =
  | { readonly sectorNumber: bigint; readonly isActive: false }
  | { readonly sectorNumber?: undefined; readonly isActive: true }

/** Callbacks of {@link StorageCommon.onDealSectorPreCommitted}; exactly one call, possibly synchronous. */
export type DealSectorPreCommittedCallback = (result: PreCommitOutcome | Error) => void
/** Callback of {@link StorageCommon.onDealSectorCommitted}: undefined when the deal is active. */
export type DealSectorCommittedCallback = (error: Error | undefined) => void
/** Called when the deal expired (undefined) or watching failed. */
export type DealExpiredCallback = (error: Error | undefined) => void
/** Called when the deal was slashed at `slashEpoch`, or watching failed. */
export type DealSlashedCallback = (result: { readonly slashEpoch: ChainEpoch } | Error) => void

/** Parameters shared by the sector watchers. */
export interface DealWatch {
  readonly provider: Address
  readonly dealId: bigint
  readonly proposal: DealProposal
  /** The publish message, when known, to locate the deal faster. */
  readonly publishCid: CID | undefined
  /**
   * The sector the deal was handed to, when the caller knows it (the provider, after
   * OnDealComplete). A pre-commit watch needs it to read that sector's pre-commit; without it a
   * watch that does not know the sector otherwise can only report the deal once it is active
   * (`isActive: true`).
   */
  readonly sectorNumber?: bigint
}

/** Chain and wallet access shared by both sides (go-fil-markets StorageCommon). */
export interface StorageCommon {
  /** The current head. */
  getChainHead(options?: AbortOptions): Promise<ChainHead>
  /** Send an add-balance message to the market actor for `address`; resolves with its CID without waiting. */
  addFunds(address: Address, amount: TokenAmount, options?: AbortOptions): Promise<CID>
  /**
   * Reserve `amount` of `address`'s market balance for one deal, topping it up from `wallet` when
   * needed. Resolves with the add-funds message to wait for, or undefined when none was needed.
   */
  reserveFunds(
    wallet: Address,
    address: Address,
    amount: TokenAmount,
    options?: AbortOptions,
  ): Promise<CID | undefined>
  /** Undo a reservation (bookkeeping only). */
  releaseFunds(address: Address, amount: TokenAmount, options?: AbortOptions): Promise<void>
  /** Market escrow of `address` at the given head. */
  getBalance(address: Address, token: TipSetToken, options?: AbortOptions): Promise<Balance>
  /** Whether `signature` is valid over `plaintext` for `signer` at the given head. */
  verifySignature(
    signature: Signature,
    signer: Address,
    plaintext: Uint8Array,
    token: TipSetToken,
    options?: AbortOptions,
  ): Promise<boolean>
  /** Wait for a message to execute (at once if it already did). Rejects if waiting fails. */
  waitForMessage(message: CID, options?: AbortOptions): Promise<MessageReceipt>
  /** Sign raw bytes with `signer`'s key. */
  signBytes(signer: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature>
  /** Provider collateral limits for a piece. */
  dealProviderCollateralBounds(
    pieceSize: PaddedPieceSize,
    isVerified: boolean,
    options?: AbortOptions,
  ): Promise<CollateralBounds>
  /**
   * Watch for the deal's sector pre-commit. Resolves once watching has started (rejects if it
   * cannot start); the callback is called exactly once, possibly before this resolves. Aborting
   * the signal stops the watch without a call.
   */
  onDealSectorPreCommitted(
    watch: DealWatch,
    callback: DealSectorPreCommittedCallback,
    options?: AbortOptions,
  ): Promise<void>
  /** Watch for the sector proving the deal (activation). Same rules as {@link onDealSectorPreCommitted}. */
  onDealSectorCommitted(
    watch: DealWatch & { readonly sectorNumber: bigint },
    callback: DealSectorCommittedCallback,
    options?: AbortOptions,
  ): Promise<void>
  /**
   * Watch for the end of the deal: exactly one of the callbacks is called once. Watching survives
   * the call's return, so a parked deal can wait for it without holding anything else.
   */
  onDealExpiredOrSlashed(
    dealId: bigint,
    onExpired: DealExpiredCallback,
    onSlashed: DealSlashedCallback,
    options?: DealEndWatchOptions,
  ): Promise<void>
}

/** Options of {@link StorageCommon.onDealExpiredOrSlashed}. */
export interface DealEndWatchOptions extends AbortOptions {
  /**
   * The deal proposal's EndEpoch. With it, a deal already gone from chain when the watch starts at
   * or past this epoch is reported expired (the market actor removed it at its end while nobody
   * watched) instead of failing the watch.
   */
  readonly endEpoch?: ChainEpoch
}

/** What a client learns about a provider before proposing (in memory only). */
export interface StorageProviderInfo {
  readonly address: Address
  readonly owner: Address
  readonly worker: Address
  readonly sectorSize: bigint
  /** The provider's network identity (a libp2p peer id in text form for real networks). */
  readonly peerId: string
  readonly addrs: readonly string[]
}

/** The client's node (go-fil-markets StorageClientNode). */
export interface StorageClientNode extends StorageCommon {
  listStorageProviders(token: TipSetToken, options?: AbortOptions): Promise<StorageProviderInfo[]>
  /** Confirm on chain that the deal was published; resolves with its deal id. */
  validatePublishedDeal(deal: ClientDeal, options?: AbortOptions): Promise<bigint>
  /** Sign the CBOR of the proposal with `signer`. */
  signProposal(signer: Address, proposal: DealProposal, options?: AbortOptions): Promise<ClientDealProposal>
  getDefaultWalletAddress(options?: AbortOptions): Promise<Address>
  getMinerInfo(miner: Address, token: TipSetToken, options?: AbortOptions): Promise<StorageProviderInfo>
}

/** Where a handed-off piece landed. */
export interface PackingResult {
  readonly sectorNumber: bigint
  readonly offset: PaddedPieceSize
  readonly size: PaddedPieceSize
}

/** The deal id the publish message gave a proposal, and the message that actually executed. */
export interface PublishDealsWaitResult {
  readonly dealId: bigint
  readonly finalCid: CID
}

/** A piece's bytes, readable from the start as often as needed. */
export interface PieceReader {
  readonly size: bigint
  /** A fresh stream of the piece's bytes from the start. */
  open(options?: AbortOptions): AsyncIterable<Uint8Array>
}

/** The provider's node (go-fil-markets StorageProviderNode). */
export interface StorageProviderNode extends StorageCommon {
  /**
   * Send one publish-storage-deals message for the given proposals without waiting; resolves with
   * its CID. Rejects with an error whose `code` is `ERR_NOT_ENOUGH_FUNDS` when the wallet cannot
   * pay, which callers treat as "try again later", and with one whose `code` is
   * `ERR_PUBLISH_DEALS_REJECTED` and whose `rejected` lists `{ index, reason }` when some deals
   * cannot be published (for example a simulated publish refuses them): the provider then fails
   * those deals alone and publishes the others without them.
   */
  publishDeals(deals: readonly ClientDealProposal[], options?: AbortOptions): Promise<CID>
  /**
   * The publish message this provider already sent for `proposal`, still pending or executed with
   * it among the valid deals; undefined when there is none. A provider restarted after sending a
   * message and before recording it adopts that message instead of publishing the deal twice.
   * Optional: without it such a restart sends the deal again (and the market actor refuses it).
   */
  findPublishMessage?(proposal: ClientDealProposal, options?: AbortOptions): Promise<CID | undefined>
  /**
   * Wait for a publish message and find this proposal's deal id in its result. Rejects when the
   * message failed or the chain dropped this proposal from it (the others keep their deal ids).
   */
  waitForPublishDeals(
    message: CID,
    proposal: DealProposal,
    options?: AbortOptions,
  ): Promise<PublishDealsWaitResult>
  /** Hand the piece to the sealing subsystem. */
  onDealComplete(
    deal: MinerDeal,
    pieceSize: UnpaddedPieceSize,
    piece: PieceReader,
    options?: AbortOptions,
  ): Promise<PackingResult>
  getMinerWorkerAddress(miner: Address, token: TipSetToken, options?: AbortOptions): Promise<Address>
  /** Verified-client allowance; undefined when the address is not a verified client. */
  getDataCap(address: Address, token: TipSetToken, options?: AbortOptions): Promise<bigint | undefined>
  getProofType(miner: Address, token: TipSetToken | undefined, options?: AbortOptions): Promise<number>
}
