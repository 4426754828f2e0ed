/**
 * The Lotus full-node methods this library calls (and the devnet serves), with their parameter
 * count in the v1 API and the permission a token needs for them (lotus-chain-api.md §3). Every call
 * goes through this table, so a call with the wrong number of parameters fails before it is sent.
 *
 * @module
 */

/** Lotus API permissions (api/permissioned.go); each method needs exactly one. */
export type LotusPermission = 'read' | 'write' | 'sign' | 'admin'

/** What the library knows of a Lotus method. */
export interface LotusMethodSpec {
  /** Positional parameters in the v1 API. */
  readonly params: number
  readonly permission: LotusPermission
  /** True for methods that return a channel, which only a WebSocket carries. */
  readonly channel?: true
}

/** Every Lotus method the chain adapter uses, without the `Filecoin.` prefix. */
export const LOTUS_METHODS = {
  ChainHead: { params: 0, permission: 'read' },
  ChainNotify: { params: 0, permission: 'read', channel: true },
  ChainGetTipSet: { params: 1, permission: 'read' },
  ChainGetPath: { params: 2, permission: 'read' },
  ChainGetMessage: { params: 1, permission: 'read' },
  StateMarketBalance: { params: 2, permission: 'read' },
  StateMarketStorageDeal: { params: 2, permission: 'read' },
  StateMinerInfo: { params: 2, permission: 'read' },
  StateListMiners: { params: 1, permission: 'read' },
  StateDealProviderCollateralBounds: { params: 3, permission: 'read' },
  StateSectorPreCommitInfo: { params: 3, permission: 'read' },
  StateLookupID: { params: 2, permission: 'read' },
  StateAccountKey: { params: 2, permission: 'read' },
  StateVerifiedClientStatus: { params: 2, permission: 'read' },
  StateSearchMsg: { params: 4, permission: 'read' },
  StateWaitMsg: { params: 4, permission: 'read' },
  MpoolPushMessage: { params: 2, permission: 'sign' },
  MarketAddBalance: { params: 3, permission: 'sign' },
  MarketWithdraw: { params: 3, permission: 'sign' },
  WalletSign: { params: 2, permission: 'sign' },
  WalletVerify: { params: 3, permission: 'read' },
  WalletBalance: { params: 1, permission: 'read' },
} as const satisfies Record<string, LotusMethodSpec>

/** A method of {@link LOTUS_METHODS}. */
export type LotusMethod = keyof typeof LOTUS_METHODS

/** The JSON-RPC name of a Lotus method. */
export function rpcName(method: LotusMethod): string {
  return `Filecoin.${method}`
}

/** Lotus' `LookbackNoLimit`: search the whole chain. */
export const LOOKBACK_NO_LIMIT = -1

/** StateWaitMsg's largest confidence (ChainFinality). */
export const MAX_CONFIDENCE = 900
