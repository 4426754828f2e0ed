/**
 * The chain contract's state reads over Lotus JSON-RPC: each one call over HTTP at a tipset key,
 * decoded from Lotus' JSON. {@link LotusChain} adds head changes, waits, messages and the wallet.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { Address, PaddedPieceSize } from '../../market/index.ts'
import type {
  MarketBalance,
  MarketDeal,
  MinerInfo,
  MsgLookup,
  SectorPreCommitInfo,
  TipSetKey,
} from '../chain.ts'
import type { AbortOptions, CollateralBounds } from '../node.ts'
import { decodeAddress, encodeAddress } from './json/address.ts'
import { encodeCid } from './json/cid.ts'
import { decodeCollateralBounds, decodeMarketBalance, decodeMarketDeal } from './json/market.ts'
import { decodeMinerInfo, decodeMinerList, decodePreCommitInfo } from './json/miner.ts'
import { decodeMsgLookup } from './json/receipt.ts'
import { decodeBigInt } from './json/scalars.ts'
import type { JsonValue } from './json/text.ts'
import { encodeTipSetKey } from './json/tipset.ts'
import { PublishReturns } from './lookups.ts'
import { LOOKBACK_NO_LIMIT, type LotusMethod } from './methods.ts'
import type { ResolvedLotusInit } from './options.ts'
import { LotusRpc } from './rpc/lotus-rpc.ts'

/** State reads of the chain contract over a Lotus node. */
export abstract class LotusStateReads {
  protected readonly settings: ResolvedLotusInit
  protected readonly rpc: LotusRpc
  protected readonly returns = new PublishReturns((cid, options) =>
    this.call('ChainGetMessage', [encodeCid(cid)], options),
  )

  protected constructor(settings: ResolvedLotusInit) {
    this.settings = settings
    this.rpc = new LotusRpc(settings)
  }

  /** One call over HTTP with the caller's signal and the call time limit. */
  protected call(
    method: LotusMethod,
    params: readonly unknown[],
    options?: AbortOptions,
  ): Promise<JsonValue> {
    return this.rpc.call(method, params, { signal: options?.signal, timeoutMs: this.settings.timeoutMs })
  }

  async stateMarketBalance(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<MarketBalance> {
    const result = await this.call(
      'StateMarketBalance',
      [encodeAddress(address), encodeTipSetKey(tsk)],
      options,
    )
    return decodeMarketBalance(result, 'StateMarketBalance')
  }

  async stateMarketStorageDeal(dealId: bigint, tsk: TipSetKey, options?: AbortOptions): Promise<MarketDeal> {
    const result = await this.call('StateMarketStorageDeal', [dealId, encodeTipSetKey(tsk)], options)
    return decodeMarketDeal(result, 'StateMarketStorageDeal')
  }

  async stateMinerInfo(miner: Address, tsk: TipSetKey, options?: AbortOptions): Promise<MinerInfo> {
    const result = await this.call('StateMinerInfo', [encodeAddress(miner), encodeTipSetKey(tsk)], options)
    return decodeMinerInfo(result, 'StateMinerInfo')
  }

  async stateListMiners(tsk: TipSetKey, options?: AbortOptions): Promise<Address[]> {
    return decodeMinerList(
      await this.call('StateListMiners', [encodeTipSetKey(tsk)], options),
      'StateListMiners',
    )
  }

  async stateDealProviderCollateralBounds(
    pieceSize: PaddedPieceSize,
    verified: boolean,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<CollateralBounds> {
    const params = [pieceSize, verified, encodeTipSetKey(tsk)]
    const result = await this.call('StateDealProviderCollateralBounds', params, options)
    return decodeCollateralBounds(result, 'StateDealProviderCollateralBounds')
  }

  async stateSectorPreCommitInfo(
    miner: Address,
    sectorNumber: bigint,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<SectorPreCommitInfo | undefined> {
    const params = [encodeAddress(miner), sectorNumber, encodeTipSetKey(tsk)]
    return decodePreCommitInfo(
      await this.call('StateSectorPreCommitInfo', params, options),
      'StateSectorPreCommitInfo',
    )
  }

  async stateLookupId(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address> {
    const result = await this.call('StateLookupID', [encodeAddress(address), encodeTipSetKey(tsk)], options)
    return decodeAddress(result, 'StateLookupID')
  }

  async stateAccountKey(address: Address, tsk: TipSetKey, options?: AbortOptions): Promise<Address> {
    const result = await this.call('StateAccountKey', [encodeAddress(address), encodeTipSetKey(tsk)], options)
    return decodeAddress(result, 'StateAccountKey')
  }

  async stateVerifiedClientStatus(
    address: Address,
    tsk: TipSetKey,
    options?: AbortOptions,
  ): Promise<bigint | undefined> {
    const params = [encodeAddress(address), encodeTipSetKey(tsk)]
    const result = await this.call('StateVerifiedClientStatus', params, options)
    return result === null ? undefined : decodeBigInt(result, 'StateVerifiedClientStatus')
  }

  async stateSearchMsg(tsk: TipSetKey, cid: CID, options?: AbortOptions): Promise<MsgLookup | undefined> {
    const params = [encodeTipSetKey(tsk), encodeCid(cid), LOOKBACK_NO_LIMIT, true]
    const result = await this.call('StateSearchMsg', params, options)
    if (result === null) return undefined
    return this.returns.complete(decodeMsgLookup(result, 'StateSearchMsg'), options)
  }

  /** An account's FIL balance, not its market escrow (Lotus WalletBalance). */
  async walletBalance(address: Address, options?: AbortOptions): Promise<bigint> {
    return decodeBigInt(await this.call('WalletBalance', [encodeAddress(address)], options), 'WalletBalance')
  }
}
