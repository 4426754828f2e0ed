/**
 * The chain contract over a Lotus full node's JSON-RPC API (lotus-chain-api.md §1–§3): state reads,
 * message push and market escrow over HTTP, head changes (ChainNotify) and message waits
 * (StateWaitMsg) over a WebSocket that reconnects by itself. Every call carries the caller's
 * AbortSignal and a time limit; Lotus errors become typed errors (src/errors.ts).
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { AdapterError, InvalidMessageError } from '../../errors.ts'
import type { Address, Signature } from '../../market/index.ts'
import type {
  ChainAdapter,
  ChainMessage,
  HeadChange,
  MessageSendSpec,
  MsgLookup,
  SignedMessage,
  TipSet,
  TipSetKey,
} from '../chain.ts'
import type { AbortOptions } from '../node.ts'
import { HeadSubscription } from './head-subscription.ts'
import { encodeAddress } from './json/address.ts'
import { decodeCid, encodeCid } from './json/cid.ts'
import { decodeMessage, decodeSignedMessage, encodeMessage } from './json/message.ts'
import { decodeMsgLookup } from './json/receipt.ts'
import { asBool, encodeBigInt, encodeBytes } from './json/scalars.ts'
import { decodeSignature, encodeSignature } from './json/signature.ts'
import { decodeHeadChanges, decodeTipSet, encodeTipSetKey } from './json/tipset.ts'
import { LOOKBACK_NO_LIMIT, MAX_CONFIDENCE } from './methods.ts'
import { type LotusChainComponents, type LotusChainInit, resolveInit } from './options.ts'
import { LotusStateReads } from './state-reads.ts'

/** A chain adapter talking to a Lotus full node (or anything serving its API, like the devnet). */
export class LotusChain extends LotusStateReads implements ChainAdapter {
  /** Use {@link createLotusChain}. */
  constructor(init: LotusChainInit, components: LotusChainComponents = {}) {
    super(resolveInit(init, components))
  }

  /** The node's HTTP endpoint. */
  get url(): string {
    return this.settings.url
  }

  async chainHead(options?: AbortOptions): Promise<TipSet> {
    return decodeTipSet(await this.call('ChainHead', [], options), 'ChainHead')
  }

  chainNotify(options?: AbortOptions): AsyncIterable<readonly HeadChange[]> {
    const deps = {
      rpc: this.rpc,
      clock: this.settings.clock,
      reconnect: this.settings.reconnect,
      timeoutMs: this.settings.timeoutMs,
      path: (from: TipSetKey, to: TipSetKey, signal: AbortSignal) => this.chainGetPath(from, to, { signal }),
    }
    return { [Symbol.asyncIterator]: () => new HeadSubscription(deps, options?.signal) }
  }

  /** The tipset of a key; the empty key is the head (Lotus ChainGetTipSet). */
  async chainGetTipSet(tsk: TipSetKey, options?: AbortOptions): Promise<TipSet> {
    return decodeTipSet(await this.call('ChainGetTipSet', [encodeTipSetKey(tsk)], options), 'ChainGetTipSet')
  }

  /** The reverts and applies leading from tipset `from` to tipset `to` (Lotus ChainGetPath). */
  async chainGetPath(from: TipSetKey, to: TipSetKey, options?: AbortOptions): Promise<HeadChange[]> {
    const result = await this.call('ChainGetPath', [encodeTipSetKey(from), encodeTipSetKey(to)], options)
    return result === null ? [] : decodeHeadChanges(result, 'ChainGetPath')
  }

  async chainGetMessage(cid: CID, options?: AbortOptions): Promise<ChainMessage> {
    return decodeMessage(await this.call('ChainGetMessage', [encodeCid(cid)], options), 'ChainGetMessage')
      .message
  }

  async stateWaitMsg(cid: CID, confidence: number, options?: AbortOptions): Promise<MsgLookup> {
    if (!Number.isInteger(confidence) || confidence < 0 || confidence > MAX_CONFIDENCE) {
      throw new InvalidMessageError(`message confidence must be 0 to ${MAX_CONFIDENCE}`)
    }
    const params = [encodeCid(cid), confidence, LOOKBACK_NO_LIMIT, true]
    const wait = { signal: options?.signal, timeoutMs: this.settings.waitTimeoutMs, retry: true }
    const result = await this.rpc.wsCall('StateWaitMsg', params, wait)
    return this.returns.complete(decodeMsgLookup(result, 'StateWaitMsg'), options)
  }

  async mpoolPushMessage(
    message: ChainMessage,
    spec?: MessageSendSpec,
    options?: AbortOptions,
  ): Promise<SignedMessage> {
    const sendSpec = spec?.maxFee === undefined ? null : { MaxFee: encodeBigInt(spec.maxFee) }
    const result = await this.call('MpoolPushMessage', [encodeMessage(message), sendSpec], options)
    return decodeSignedMessage(result, 'MpoolPushMessage')
  }

  async marketAddBalance(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID> {
    const params = [encodeAddress(wallet), encodeAddress(address), encodeBigInt(amount)]
    return decodeCid(await this.call('MarketAddBalance', params, options), 'MarketAddBalance')
  }

  async marketWithdraw(
    wallet: Address,
    address: Address,
    amount: bigint,
    options?: AbortOptions,
  ): Promise<CID> {
    const params = [encodeAddress(wallet), encodeAddress(address), encodeBigInt(amount)]
    const result = await this.call('MarketWithdraw', params, options)
    if (result === null) throw new AdapterError(`MarketWithdraw of ${amount} for ${address} sent no message`)
    return decodeCid(result, 'MarketWithdraw')
  }

  async walletSign(address: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature> {
    const result = await this.call('WalletSign', [encodeAddress(address), encodeBytes(bytes)], options)
    return decodeSignature(result, 'WalletSign')
  }

  async walletVerify(
    keyAddress: Address,
    bytes: Uint8Array,
    signature: Signature,
    options?: AbortOptions,
  ): Promise<boolean> {
    const params = [encodeAddress(keyAddress), encodeBytes(bytes), encodeSignature(signature)]
    return asBool(await this.call('WalletVerify', params, options), 'WalletVerify')
  }

  /**
   * Resolves at a quiet point: every call answered (except StateWaitMsg calls still waiting), every
   * message the node has sent handled, and every head subscription's batches taken by a reader that
   * now waits for more. Tests and tools use it after driving the chain.
   */
  idle(options?: AbortOptions): Promise<void> {
    return this.rpc.idle(options?.signal)
  }

  /**
   * Counts everything the adapter did (calls begun and answered, messages received, subscriptions
   * opened or ended): unchanged across an {@link idle} wait, nothing happened meanwhile.
   */
  get ticks(): number {
    return this.rpc.activity.ticks
  }

  /**
   * Closes the WebSocket: head subscriptions end, and waiting StateWaitMsg calls and every later
   * call fail with ChainClosedError. Calls already in flight over HTTP finish.
   */
  close(): void {
    this.rpc.close()
  }
}

/**
 * A chain adapter for the Lotus node at `init.url`.
 *
 * @example
 * const chain = createLotusChain({ url: 'http://127.0.0.1:1234/rpc/v1', token })
 * const head = await chain.chainHead()
 */
export function createLotusChain(init: LotusChainInit, components: LotusChainComponents = {}): LotusChain {
  return new LotusChain(init, components)
}
