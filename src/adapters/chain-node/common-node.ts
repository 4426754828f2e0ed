/**
 * StorageCommon on top of any chain adapter, as Lotus' storage adapters implement it
 * (lotus-chain-api.md §4.1): escrow through the market actor with local reservations, messages
 * waited for with a confidence, signatures made by a local wallet and checked locally against the
 * signer's account key, and deal watches served by one shared head subscription.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import {
  type Address,
  type DealProposal,
  encodeDealProposal,
  type PaddedPieceSize,
  type Signature,
  type Signer,
  verifySignature,
} from '../../market/index.ts'
import type { ChainAdapter, TipSetKey } from '../chain.ts'
import { HEAD, tipSetKeyFromToken, tipSetKeyToToken } from '../chain.ts'
import { type Clock, realClock } from '../clock.ts'
import type {
  AbortOptions,
  Balance,
  ChainHead,
  CollateralBounds,
  DealEndWatchOptions,
  DealExpiredCallback,
  DealSectorCommittedCallback,
  DealSectorPreCommittedCallback,
  DealSlashedCallback,
  DealWatch,
  MessageReceipt,
  StorageCommon,
  TipSetToken,
} from '../node.ts'
import { ChainWatcher } from './chain-watcher.ts'
import { commitWatch, endWatch, preCommitWatch, type WatchSettings } from './deal-watches.ts'
import { FundManager } from './fund-manager.ts'

/** What every chain node is built from. */
export interface ChainNodeComponents {
  /** The chain client. */
  readonly chain: ChainAdapter
  /** Signs proposals and provider messages; a MemoryWallet works. */
  readonly wallet: Signer
  /**
   * Times the node's bounds: the chain calls of fund reservations, the search for earlier publish
   * messages, and the check of the head subscription (once per block time). @default the wall clock
   */
  readonly clock?: Clock
}

/** Options shared by both nodes. */
export interface ChainNodeInit {
  /**
   * Epochs a message must be buried under before `waitForMessage` reports it.
   * @default 5 on the client, 10 on the provider (go-fil-markets)
   */
  readonly messageConfidence?: number
  /**
   * Epochs a pre-commit, activation or slashing must hold before a deal watch reports it.
   * @default 6 (go-fil-markets' MessageConfidence + 1)
   */
  readonly watchConfidence?: number
  /** The address `getDefaultWalletAddress` returns; else the wallet's first key if it can list them. */
  readonly defaultWalletAddress?: Address
  /** The chain's block time, in ms. @default 30 000 (Filecoin mainnet) */
  readonly epochDurationMs?: number
  /**
   * Longest wait, in ms of the node's clock, for each chain call a fund reservation makes (head,
   * top-up lookups, escrow balance, AddBalance). Reservations of one address run one at a time, so
   * this bounds how long one deal's hung call can hold the next deal's reservation: that call fails
   * its own reservation with a FundsCallTimeoutError instead. `Infinity` disables the bound.
   * @default {@link FUNDS_CALL_TIMEOUT_EPOCHS} epochs of `epochDurationMs` (2 minutes on mainnet)
   */
  readonly fundsCallTimeoutMs?: number
}

/** Epochs a chain call of a fund reservation may take by default (see `fundsCallTimeoutMs`). */
export const FUNDS_CALL_TIMEOUT_EPOCHS = 4

/** Filecoin mainnet's block time, in ms: the default `epochDurationMs`. */
export const MAINNET_EPOCH_DURATION_MS = 30_000

/** Lotus' margin: the client's default collateral is the minimum raised by 20 %. */
export const CLIENT_COLLATERAL_MARGIN = { numerator: 12n, denominator: 10n } as const

/** StorageCommon over a chain adapter. */
export abstract class ChainNode implements StorageCommon {
  protected readonly chain: ChainAdapter
  protected readonly wallet: Signer
  protected readonly funds: FundManager
  protected readonly watcher: ChainWatcher
  protected readonly watchSettings: WatchSettings
  /** The clock the node's bounds run on. */
  protected readonly clock: Clock
  /** The chain's block time, in ms. */
  protected readonly epochMs: number
  readonly #messageConfidence: number
  readonly #defaultWallet: Address | undefined

  protected constructor(components: ChainNodeComponents, init: ChainNodeInit, defaultConfidence: number) {
    this.chain = components.chain
    this.wallet = components.wallet
    const epochMs = init.epochDurationMs ?? MAINNET_EPOCH_DURATION_MS
    this.funds = new FundManager(components.chain, {
      clock: components.clock ?? realClock,
      callTimeoutMs: init.fundsCallTimeoutMs ?? FUNDS_CALL_TIMEOUT_EPOCHS * epochMs,
    })
    this.clock = components.clock ?? realClock
    this.epochMs = epochMs
    this.watcher = new ChainWatcher(components.chain, { clock: this.clock, epochMs })
    this.watchSettings = { chain: components.chain, confidence: init.watchConfidence ?? 6 }
    this.#messageConfidence = init.messageConfidence ?? defaultConfidence
    this.#defaultWallet = init.defaultWalletAddress
  }

  /** Deals currently watched by this node's single head subscription. */
  get watchedDeals(): number {
    return this.watcher.size
  }

  /** What is reserved for `address` in this node's book-keeping. */
  reservedFunds(address: Address): bigint {
    return this.funds.reserved(address)
  }

  /** Drops every deal watch without calling back and closes the head subscription. */
  stop(): void {
    this.watcher.stop()
  }

  async getChainHead(options?: AbortOptions): Promise<ChainHead> {
    const head = await this.chain.chainHead(options)
    return { token: tipSetKeyToToken(head.key), epoch: head.height }
  }

  /** Who pays an escrow top-up for `address`: the address itself, or a miner's worker. */
  protected abstract payerFor(address: Address, options?: AbortOptions): Promise<Address>

  async addFunds(address: Address, amount: bigint, options?: AbortOptions): Promise<CID> {
    return this.chain.marketAddBalance(await this.payerFor(address, options), address, amount, options)
  }

  reserveFunds(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID | undefined> {
    return this.funds.reserve(wallet, address, amount, options)
  }

  releaseFunds(address: Address, amount: bigint): Promise<void> {
    return this.funds.release(address, amount)
  }

  async getBalance(address: Address, token: TipSetToken, options?: AbortOptions): Promise<Balance> {
    const balance = await this.chain.stateMarketBalance(address, tipSetKeyFromToken(token), options)
    return { locked: balance.locked, available: balance.escrow - balance.locked }
  }

  async verifySignature(
    signature: Signature,
    signer: Address,
    plaintext: Uint8Array,
    token: TipSetToken,
    options?: AbortOptions,
  ): Promise<boolean> {
    try {
      const key = await this.#keyOf(signer, tipSetKeyFromToken(token), options)
      return verifySignature(signature, key, plaintext)
    } catch {
      // go-fil-markets treats a failed key lookup like a bad signature.
      return false
    }
  }

  async waitForMessage(message: CID, options?: AbortOptions): Promise<MessageReceipt> {
    const lookup = await this.chain.stateWaitMsg(message, this.#messageConfidence, options)
    return {
      exitCode: lookup.receipt.exitCode,
      returnValue: lookup.receipt.returnValue,
      finalCid: lookup.message,
    }
  }

  async signBytes(signer: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature> {
    return this.wallet.sign(await this.#keyOf(signer, HEAD, options), bytes, options)
  }

  /** The network's bounds; each side adjusts them as Lotus does. */
  protected rawCollateralBounds(
    pieceSize: PaddedPieceSize,
    isVerified: boolean,
    options?: AbortOptions,
  ): Promise<CollateralBounds> {
    return this.chain.stateDealProviderCollateralBounds(pieceSize, isVerified, HEAD, options)
  }

  abstract dealProviderCollateralBounds(
    pieceSize: PaddedPieceSize,
    isVerified: boolean,
    options?: AbortOptions,
  ): Promise<CollateralBounds>

  /** A sector number known for the deal without asking the chain (the provider's own hand-offs). */
  protected sectorHint(_dealId: bigint): bigint | undefined {
    return undefined
  }

  async onDealSectorPreCommitted(
    watch: DealWatch,
    callback: DealSectorPreCommittedCallback,
    options?: AbortOptions,
  ): Promise<void> {
    const hint = (): bigint | undefined => watch.sectorNumber ?? this.sectorHint(watch.dealId)
    await this.watcher.register(preCommitWatch(this.watchSettings, watch, hint, callback), options)
  }

  async onDealSectorCommitted(
    watch: DealWatch & { readonly sectorNumber: bigint },
    callback: DealSectorCommittedCallback,
    options?: AbortOptions,
  ): Promise<void> {
    await this.watcher.register(commitWatch(this.watchSettings, watch, callback), options)
  }

  async onDealExpiredOrSlashed(
    dealId: bigint,
    onExpired: DealExpiredCallback,
    onSlashed: DealSlashedCallback,
    options?: DealEndWatchOptions,
  ): Promise<void> {
    const watch = endWatch(this.watchSettings, dealId, onExpired, onSlashed, options?.endEpoch)
    await this.watcher.register(watch, options)
  }

  /** The wallet's default address: the configured one, else the first key a listing wallet holds. */
  protected defaultWallet(): Address | undefined {
    if (this.#defaultWallet !== undefined) return this.#defaultWallet
    const listing = this.wallet as Partial<{ list: () => Address[] }>
    return typeof listing.list === 'function' ? listing.list()[0] : undefined
  }

  /** Signs the CBOR of a proposal with `signer`'s key. */
  protected signProposalBytes(
    signer: Address,
    proposal: DealProposal,
    options?: AbortOptions,
  ): Promise<Signature> {
    return this.signBytes(signer, encodeDealProposal(proposal), options)
  }

  /** The key address behind `address`: itself for f1/f3, else the account's key on chain. */
  async #keyOf(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address> {
    if (address.protocol === 1 || address.protocol === 3) return address
    return this.chain.stateAccountKey(address, tsk, options)
  }
}
