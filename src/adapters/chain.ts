/**
 * The chain contract: what a node adapter needs from a Filecoin chain client. It is shaped after
 * the Lotus full-node JSON-RPC API (each method names its Lotus counterpart) so that a Lotus client
 * can implement it later without any change to the node adapters or the deal lifecycles. The
 * simulated chain (src/adapters/sim-chain) is the embedded implementation.
 *
 * Every state read takes a tipset key; the empty key means "the current head", as in Lotus.
 *
 * @module
 */
import { CID } from 'multiformats/cid'
import type {
  Address,
  ChainEpoch,
  ClientDealProposal,
  DealProposal,
  PaddedPieceSize,
  Signature,
  TokenAmount,
} from '../market/index.ts'
import { idAddress } from '../market/index.ts'
import type { AbortOptions, CollateralBounds, TipSetToken } from './node.ts'

/** A tipset key: the CIDs of the tipset's blocks, in block order. The empty key means the head. */
export type TipSetKey = readonly CID[]

/** The key that stands for the current head in every state read. */
export const HEAD: TipSetKey = Object.freeze([])

/** A tipset, reduced to what a market node uses. */
export interface TipSet {
  readonly key: TipSetKey
  readonly height: ChainEpoch
  /** Key of the parent tipset; empty for genesis. */
  readonly parents: TipSetKey
  /** Unix time of the tipset, in seconds. */
  readonly timestamp: number
}

/** One element of a ChainNotify batch. */
export interface HeadChange {
  /** `current` only in the first batch of a subscription; then reverts (old head first) and applies. */
  readonly type: 'current' | 'apply' | 'revert'
  readonly tipSet: TipSet
}

/** Escrow of an address in the storage market actor (Lotus MarketBalance). Available = escrow − locked. */
export interface MarketBalance {
  readonly escrow: TokenAmount
  readonly locked: TokenAmount
}

/** On-chain state of a published deal. Unset epochs are −1. */
export interface MarketDealState {
  /** The sector holding the deal once active, else 0. */
  readonly sectorNumber: bigint
  /** Epoch the deal was activated, or −1. */
  readonly sectorStartEpoch: ChainEpoch
  /** Epoch of the last payment settlement, or −1. */
  readonly lastUpdatedEpoch: ChainEpoch
  /** Epoch the deal was slashed, or −1 (current actors delete slashed deals instead). */
  readonly slashEpoch: ChainEpoch
}

/** A published deal (Lotus MarketDeal). Client and Provider are ID addresses. */
export interface MarketDeal {
  readonly proposal: DealProposal
  readonly state: MarketDealState
}

/** A miner actor's information (Lotus MinerInfo, reduced). Addresses are ID addresses. */
export interface MinerInfo {
  readonly owner: Address
  readonly worker: Address
  readonly controlAddresses: readonly Address[]
  /** The miner's libp2p peer id in text form, if it set one. */
  readonly peerId: string | undefined
  /** Multiaddrs in text form. */
  readonly multiaddrs: readonly string[]
  /** Sector size in bytes. */
  readonly sectorSize: bigint
}

/** A sector that is pre-committed but not yet proven (Lotus SectorPreCommitOnChainInfo, reduced). */
export interface SectorPreCommitInfo {
  readonly sectorNumber: bigint
  readonly dealIds: readonly bigint[]
  /** Epoch the sector expires; deals in it must end no later. */
  readonly expiration: ChainEpoch
  readonly sealedCid: CID
  /** Epoch the pre-commit landed. */
  readonly preCommitEpoch: ChainEpoch
}

/** Storage market actor methods (Lotus builtin method numbers, actor f05). */
export const MarketMethod = { AddBalance: 2, WithdrawBalance: 3, PublishStorageDeals: 4 } as const

/** Storage miner actor methods used by the simulated sealing miner. */
export const MinerMethod = { PreCommitSector: 6, ProveCommitSector: 7, TerminateSectors: 9 } as const

/** The storage market actor (f05). */
export const MARKET_ACTOR: Address = idAddress(5)

interface MessageBase {
  readonly from: Address
  readonly to: Address
  readonly value: TokenAmount
}

/** A plain value transfer (method 0); creates the receiving account if needed. */
export interface SendMessage extends MessageBase {
  readonly kind: 'Send'
  readonly params: Record<string, never>
}

/** Credit `address`'s market escrow with the message value (f05, method 2). */
export interface AddBalanceMessage extends MessageBase {
  readonly kind: 'MarketAddBalance'
  readonly params: { readonly address: Address }
}

/** Pay out up to `amount` of `address`'s available escrow (f05, method 3). */
export interface WithdrawBalanceMessage extends MessageBase {
  readonly kind: 'MarketWithdrawBalance'
  readonly params: { readonly address: Address; readonly amount: TokenAmount }
}

/** Publish signed proposals (f05, method 4); invalid ones are skipped, see ValidDeals. */
export interface PublishStorageDealsMessage extends MessageBase {
  readonly kind: 'PublishStorageDeals'
  readonly params: { readonly deals: readonly ClientDealProposal[] }
}

/** Pre-commit a sector holding deals (miner actor, method 6). */
export interface PreCommitSectorMessage extends MessageBase {
  readonly kind: 'PreCommitSector'
  readonly params: {
    readonly sectorNumber: bigint
    readonly sealedCid: CID
    readonly dealIds: readonly bigint[]
    readonly expiration: ChainEpoch
  }
}

/** Prove a pre-committed sector, activating its deals (miner actor, method 7). */
export interface ProveCommitSectorMessage extends MessageBase {
  readonly kind: 'ProveCommitSector'
  readonly params: { readonly sectorNumber: bigint }
}

/** Terminate proven sectors; their unfinished deals are slashed (miner actor, method 9). */
export interface TerminateSectorsMessage extends MessageBase {
  readonly kind: 'TerminateSectors'
  readonly params: { readonly sectorNumbers: readonly bigint[] }
}

/** The messages a storage market needs, as a tagged union. Nonce and gas are the chain's business. */
export type ChainMessage =
  | SendMessage
  | AddBalanceMessage
  | WithdrawBalanceMessage
  | PublishStorageDealsMessage
  | PreCommitSectorMessage
  | ProveCommitSectorMessage
  | TerminateSectorsMessage

/** The `kind` of a {@link ChainMessage}. */
export type MessageKind = ChainMessage['kind']

/** A message accepted by the message pool (Lotus SignedMessage, reduced). */
export interface SignedMessage {
  /** The CID to wait for. */
  readonly cid: CID
  readonly message: ChainMessage
  /** Nonce the pool assigned. */
  readonly nonce: number
}

/** The result of an executed message (Lotus MessageReceipt). */
export interface ChainReceipt {
  /** 0 on success; see {@link ExitCode}. */
  readonly exitCode: number
  /** CBOR return value; empty on failure. */
  readonly returnValue: Uint8Array
  readonly gasUsed: bigint
}

/** PublishStorageDeals' return, decoded (Lotus ReturnDec). */
export interface PublishStorageDealsReturn {
  /** Deal ids of the valid deals, in input order. */
  readonly ids: readonly bigint[]
  /** Input indexes of the valid deals, ascending (the ValidDeals bitfield). */
  readonly validDeals: readonly number[]
}

/** Where and how a message executed (Lotus MsgLookup). */
export interface MsgLookup {
  /** The CID that executed (a replacement's CID if the message was replaced). */
  readonly message: CID
  readonly receipt: ChainReceipt
  /** The decoded return of a successful PublishStorageDeals, else undefined. */
  readonly returnDec: PublishStorageDealsReturn | undefined
  /** The tipset whose state includes the message's effects. */
  readonly tipSet: TipSetKey
  readonly height: ChainEpoch
}

/** Actor exit codes a market node may see (go-state-types exitcode). */
export const ExitCode = {
  Ok: 0,
  SysErrInsufficientFunds: 6,
  IllegalArgument: 16,
  NotFound: 17,
  Forbidden: 18,
  InsufficientFunds: 19,
  IllegalState: 20,
  /** Market: the deal's start epoch has already elapsed. */
  DealExpired: 32,
  /** Market: the deal is not activated. */
  DealNotActivated: 33,
} as const

/** Options of {@link ChainAdapter.mpoolPushMessage} (Lotus MessageSendSpec). */
export interface MessageSendSpec {
  /** Largest fee the sender accepts, in attoFIL. */
  readonly maxFee?: TokenAmount
}

/** A chain client for a storage market node. Every method takes an AbortSignal. */
export interface ChainAdapter {
  /** The current head (Lotus ChainHead). */
  chainHead(options?: AbortOptions): Promise<TipSet>
  /**
   * Head changes (Lotus ChainNotify): first one batch `[current]`, then one batch per head change
   * with all reverts first and then all applies. Ends when the signal aborts or the chain closes.
   */
  chainNotify(options?: AbortOptions): AsyncIterable<readonly HeadChange[]>
  /** A message known to the chain or its pool (Lotus ChainGetMessage); rejects with ERR_MESSAGE_NOT_FOUND. */
  chainGetMessage(cid: CID, options?: AbortOptions): Promise<ChainMessage>
  /** Escrow and locked funds of an address (Lotus StateMarketBalance). */
  stateMarketBalance(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<MarketBalance>
  /** A published deal (Lotus StateMarketStorageDeal); rejects with ERR_MARKET_DEAL_NOT_FOUND. */
  stateMarketStorageDeal(dealId: bigint, tsk: TipSetKey, options?: AbortOptions): Promise<MarketDeal>
  /** A miner's owner, worker and network identity (Lotus StateMinerInfo). */
  stateMinerInfo(miner: Address, tsk: TipSetKey, options?: AbortOptions): Promise<MinerInfo>
  /** Every miner actor (Lotus StateListMiners). */
  stateListMiners(tsk: TipSetKey, options?: AbortOptions): Promise<Address[]>
  /**
   * Provider collateral limits (Lotus StateDealProviderCollateralBounds): like Lotus, `min` is the
   * actor's minimum raised by 10 %.
   */
  stateDealProviderCollateralBounds(
    pieceSize: PaddedPieceSize,
    verified: boolean,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<CollateralBounds>
  /** A pre-committed, not yet proven sector, or undefined (Lotus StateSectorPreCommitInfo). */
  stateSectorPreCommitInfo(
    miner: Address,
    sectorNumber: bigint,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<SectorPreCommitInfo | undefined>
  /** The ID address of an actor (Lotus StateLookupID); rejects with ERR_ACTOR_NOT_FOUND. */
  stateLookupId(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address>
  /** The key address (f1/f3) behind an account (Lotus StateAccountKey); rejects with ERR_ACTOR_NOT_FOUND. */
  stateAccountKey(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address>
  /** Remaining DataCap of a verified client, undefined if not verified (Lotus StateVerifiedClientStatus). */
  stateVerifiedClientStatus(
    address: Address,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<bigint | undefined>
  /**
   * Where a message executed on the chain ending at `tsk`, or undefined if it has not yet (Lotus
   * StateSearchMsg with no lookback limit). Rejects with ERR_MESSAGE_NOT_FOUND for an unknown CID.
   */
  stateSearchMsg(tsk: TipSetKey, cid: CID, options?: AbortOptions): Promise<MsgLookup | undefined>
  /**
   * Waits until the message executed and the chain advanced `confidence` epochs past it (Lotus
   * StateWaitMsg). Rejects with ERR_MESSAGE_NOT_FOUND for an unknown CID.
   */
  stateWaitMsg(cid: CID, confidence: number, options?: AbortOptions): Promise<MsgLookup>
  /**
   * Assigns a nonce, signs with the sender's key held by the chain client and queues the message
   * (Lotus MpoolPushMessage). Rejects with ERR_NOT_ENOUGH_FUNDS when the sender cannot pay.
   */
  mpoolPushMessage(
    message: ChainMessage,
    spec?: MessageSendSpec,
    options?: AbortOptions,
  ): Promise<SignedMessage>
  /**
   * The messages waiting in the pool (Lotus MpoolPending). Optional, with
   * {@link ChainAdapter.stateListMessages}: a node on a chain offering both recognises, after a
   * restart, the messages it sent before.
   */
  mpoolPending?(options?: AbortOptions): Promise<SignedMessage[]>
  /**
   * CIDs of the messages sent by `match.from` that executed on the chain ending at `tsk`, at
   * heights from `toHeight` up, oldest first (Lotus StateListMessages). Optional, see
   * {@link ChainAdapter.mpoolPending}.
   */
  stateListMessages?(
    match: { readonly from: Address },
    tsk: TipSetKey,
    toHeight: ChainEpoch,
    options?: AbortOptions,
  ): Promise<CID[]>
  /** Sends AddBalance for `address` from `wallet` without waiting (Lotus MarketAddBalance). */
  marketAddBalance(
    wallet: Address,
    address: Address,
    amount: TokenAmount,
    options?: AbortOptions,
  ): Promise<CID>
  /** Sends WithdrawBalance for `address` from `wallet` without waiting (Lotus MarketWithdraw). */
  marketWithdraw(wallet: Address, address: Address, amount: TokenAmount, options?: AbortOptions): Promise<CID>
  /** Signs with a key held by the chain client (Lotus WalletSign). */
  walletSign(address: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature>
  /** Checks a signature against a key address, f1 or f3 (Lotus WalletVerify). */
  walletVerify(
    keyAddress: Address,
    bytes: Uint8Array,
    signature: Signature,
    options?: AbortOptions,
  ): Promise<boolean>
}

/** A value transfer message. */
export function sendMessage(from: Address, to: Address, value: TokenAmount): SendMessage {
  return { kind: 'Send', from, to, value, params: {} }
}

/** An AddBalance message crediting `address` with `amount` taken from `from`. */
export function addBalanceMessage(from: Address, address: Address, amount: TokenAmount): AddBalanceMessage {
  return { kind: 'MarketAddBalance', from, to: MARKET_ACTOR, value: amount, params: { address } }
}

/** A WithdrawBalance message for `address`. */
export function withdrawBalanceMessage(
  from: Address,
  address: Address,
  amount: TokenAmount,
): WithdrawBalanceMessage {
  return { kind: 'MarketWithdrawBalance', from, to: MARKET_ACTOR, value: 0n, params: { address, amount } }
}

/** A PublishStorageDeals message for a batch of signed proposals. */
export function publishStorageDealsMessage(
  from: Address,
  deals: readonly ClientDealProposal[],
): PublishStorageDealsMessage {
  return { kind: 'PublishStorageDeals', from, to: MARKET_ACTOR, value: 0n, params: { deals } }
}

/**
 * The opaque token a node hands out for a tipset: the binary CIDs of its key, concatenated (as
 * go-fil-markets' Lotus adapter does).
 */
export function tipSetKeyToToken(key: TipSetKey): TipSetToken {
  const out = new Uint8Array(key.reduce((sum, cid) => sum + cid.bytes.length, 0))
  let offset = 0
  for (const cid of key) {
    out.set(cid.bytes, offset)
    offset += cid.bytes.length
  }
  return out
}

/** The tipset key of a token made by {@link tipSetKeyToToken}; an empty token is the head. */
export function tipSetKeyFromToken(token: TipSetToken): TipSetKey {
  const key: CID[] = []
  let rest = token
  while (rest.length > 0) {
    const [cid, remainder] = CID.decodeFirst(rest)
    key.push(cid)
    rest = remainder
  }
  return key
}

/** True when both keys name the same tipset. */
export function tipSetKeyEquals(a: TipSetKey, b: TipSetKey): boolean {
  return a.length === b.length && a.every((cid, i) => cid.equals(b[i]))
}
