/**
 * The chain contract's methods on the simulated chain: reads answer from the head's state or a
 * recent tipset's, messages go through the engine's pool, signatures through the simulated node's
 * wallet. {@link SimChain} adds the controls on top.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import {
  AbortError,
  ActorNotFoundError,
  InvalidMessageError,
  KeyNotFoundError,
  MessageNotFoundError,
} from '../../errors.ts'
import {
  type Address,
  type Network,
  type Signature,
  type Signer,
  verifySignature,
} from '../../market/index.ts'
import {
  addBalanceMessage,
  type ChainAdapter,
  type ChainMessage,
  type HeadChange,
  type MarketBalance,
  type MarketDeal,
  type MessageSendSpec,
  type MinerInfo,
  type MsgLookup,
  type SectorPreCommitInfo,
  type SignedMessage,
  type TipSet,
  type TipSetKey,
  withdrawBalanceMessage,
} from '../chain.ts'
import type { AbortOptions, CollateralBounds } from '../node.ts'
import { resolveId, toIdAddress } from './accounts.ts'
import type { EpochEngine } from './epoch-engine.ts'
import type { ChainState } from './state.ts'
import * as reads from './state-reads.ts'

/** ChainNotify's finality limit on StateWaitMsg confidence. */
const MAX_CONFIDENCE = 900

/** The chain contract over an {@link EpochEngine}. */
export abstract class SimChainApi implements ChainAdapter {
  readonly #wallet: Signer | undefined

  protected constructor(
    protected readonly engine: EpochEngine,
    wallet: Signer | undefined,
  ) {
    this.#wallet = wallet
  }

  /** The current head. */
  get head(): TipSet {
    return this.engine.head
  }

  /** The network the chain writes addresses for. */
  get network(): Network {
    return this.engine.network
  }

  async chainHead(options?: AbortOptions): Promise<TipSet> {
    this.check(options)
    return this.engine.head
  }

  chainNotify(options?: AbortOptions): AsyncIterable<readonly HeadChange[]> {
    this.engine.assertOpen()
    return this.engine.notifier.subscribe(() => this.engine.head, options?.signal)
  }

  async chainGetMessage(cid: CID, options?: AbortOptions): Promise<ChainMessage> {
    this.check(options)
    const entry = this.engine.pool.get(cid)
    if (entry === undefined) throw new MessageNotFoundError(cid.toString())
    return entry.message
  }

  async stateMarketBalance(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<MarketBalance> {
    return reads.marketBalance(this.read(tsk, options), address)
  }

  async stateMarketStorageDeal(dealId: bigint, tsk: TipSetKey, options?: AbortOptions): Promise<MarketDeal> {
    return reads.marketDeal(this.read(tsk, options), dealId)
  }

  async stateMinerInfo(miner: Address, tsk: TipSetKey, options?: AbortOptions): Promise<MinerInfo> {
    return reads.minerInfo(this.read(tsk, options), this.network, miner)
  }

  async stateListMiners(tsk: TipSetKey, options?: AbortOptions): Promise<Address[]> {
    return reads.listMiners(this.read(tsk, options), this.network)
  }

  async stateDealProviderCollateralBounds(
    pieceSize: number,
    _verified: boolean,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<CollateralBounds> {
    const state = this.read(tsk, options)
    return reads.collateralBounds(state, this.engine.context(state.epoch), pieceSize)
  }

  async stateSectorPreCommitInfo(
    miner: Address,
    sectorNumber: bigint,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<SectorPreCommitInfo | undefined> {
    return reads.preCommitInfo(this.read(tsk, options), miner, sectorNumber)
  }

  async stateLookupId(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address> {
    return reads.lookupId(this.read(tsk, options), this.network, address)
  }

  async stateAccountKey(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address> {
    return reads.accountKey(this.read(tsk, options), address)
  }

  async stateVerifiedClientStatus(
    address: Address,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<bigint | undefined> {
    return reads.verifiedClientStatus(this.read(tsk, options), address)
  }

  /** An actor's FIL balance, 0 for unknown addresses (Lotus WalletBalance). */
  async walletBalance(address: Address, options?: AbortOptions): Promise<bigint> {
    return reads.actorBalance(this.read([], options), address)
  }

  async stateSearchMsg(tsk: TipSetKey, cid: CID, options?: AbortOptions): Promise<MsgLookup | undefined> {
    this.check(options)
    // As Lotus, which fails to load a message it never saw: the contract's ERR_MESSAGE_NOT_FOUND.
    if (this.engine.pool.get(cid) === undefined) throw new MessageNotFoundError(cid.toString())
    const height = tsk.length === 0 ? this.head.height : this.engine.history.lookup(tsk).tipSet.height
    const found = this.engine.lookup(cid)
    return found !== undefined && found.height <= height ? found : undefined
  }

  stateWaitMsg(cid: CID, confidence: number, options?: AbortOptions): Promise<MsgLookup> {
    this.check(options)
    if (!Number.isInteger(confidence) || confidence < 0 || confidence > MAX_CONFIDENCE) {
      return Promise.reject(new InvalidMessageError(`message confidence must be 0 to ${MAX_CONFIDENCE}`))
    }
    if (this.engine.pool.get(cid) === undefined) {
      return Promise.reject(new MessageNotFoundError(cid.toString()))
    }
    // Only this message can be due already (the others were checked at the last head change):
    // checking every waiter here would make N waits cost N² lookups.
    const found = this.engine.lookup(cid)
    if (found !== undefined && this.head.height >= found.height + confidence) return Promise.resolve(found)
    return this.engine.waiters.wait(cid, confidence, options?.signal)
  }

  async mpoolPending(options?: AbortOptions): Promise<SignedMessage[]> {
    this.check(options)
    return this.engine.pool.pending().map(({ cid, message, nonce }) => ({ cid, message, nonce }))
  }

  async stateListMessages(
    match: { readonly from: Address },
    tsk: TipSetKey,
    toHeight: number,
    options?: AbortOptions,
  ): Promise<CID[]> {
    this.check(options)
    const state = this.read(tsk, options)
    const top = tsk.length === 0 ? this.head.height : this.engine.history.lookup(tsk).tipSet.height
    const from = resolveId(state, match.from)
    if (from === undefined) return []
    return this.engine.pool
      .executed()
      .filter(({ message, execution }) => {
        const height = execution?.height ?? -1
        return height >= toHeight && height <= top && resolveId(state, message.from) === from
      })
      .map((entry) => entry.cid)
  }

  async mpoolPushMessage(
    message: ChainMessage,
    spec?: MessageSendSpec,
    options?: AbortOptions,
  ): Promise<SignedMessage> {
    this.check(options)
    return this.engine.push(message, spec)
  }

  async marketAddBalance(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID> {
    return (await this.mpoolPushMessage(addBalanceMessage(wallet, address, amount), undefined, options)).cid
  }

  async marketWithdraw(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID> {
    return (await this.mpoolPushMessage(withdrawBalanceMessage(wallet, address, amount), undefined, options))
      .cid
  }

  async walletSign(address: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature> {
    this.check(options)
    const key = address.protocol === 0 ? reads.accountKey(this.engine.state, address) : address
    if (this.#wallet === undefined) throw new KeyNotFoundError(key.toString())
    return this.#wallet.sign(key, bytes, options)
  }

  async walletVerify(
    keyAddress: Address,
    bytes: Uint8Array,
    signature: Signature,
    options?: AbortOptions,
  ): Promise<boolean> {
    this.check(options)
    return verifySignature(signature, keyAddress, bytes)
  }

  /** The ID address of an actor, synchronously (a test convenience). */
  idOf(address: Address): Address {
    const id = resolveId(this.engine.state, address)
    if (id === undefined) throw new ActorNotFoundError(address.toString())
    return toIdAddress(id, this.network)
  }

  /** Throws when closed or aborted. */
  protected check(options: AbortOptions | undefined): void {
    this.engine.assertOpen()
    if (options?.signal?.aborted === true) throw new AbortError(undefined, { cause: options.signal.reason })
  }

  /** The state a read at `tsk` answers from. */
  protected read(tsk: TipSetKey, options: AbortOptions | undefined): ChainState {
    this.check(options)
    return tsk.length === 0 ? this.engine.state : this.engine.history.lookup(tsk).state
  }
}
