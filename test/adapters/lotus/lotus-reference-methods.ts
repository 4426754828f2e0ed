/**
 * The Lotus full-node methods of lotus-chain-api.md §3, with their v1 parameter count and
 * permission, written from the reference's tables (not from the library's own method table).
 */

/** Method name (without `Filecoin.`) → [parameter count, permission]. */
export const REFERENCE_METHODS: Readonly<
  Record<string, readonly [number, 'read' | 'write' | 'sign' | 'admin']>
> = {
  // §3.1 Chain
  ChainHead: [0, 'read'],
  ChainNotify: [0, 'read'],
  ChainGetTipSetByHeight: [2, 'read'],
  ChainGetTipSetAfterHeight: [2, 'read'],
  ChainGetTipSet: [1, 'read'],
  ChainGetPath: [2, 'read'],
  ChainGetMessage: [1, 'read'],
  ChainGetBlockMessages: [1, 'read'],
  ChainGetParentMessages: [1, 'read'],
  ChainGetParentReceipts: [1, 'read'],
  ChainReadObj: [1, 'read'],
  // §3.3 State
  StateMarketBalance: [2, 'read'],
  StateMarketStorageDeal: [2, 'read'],
  StateMarketDeals: [1, 'read'],
  StateMarketProposalPending: [2, 'read'],
  StateDealProviderCollateralBounds: [3, 'read'],
  StateLookupID: [2, 'read'],
  StateAccountKey: [2, 'read'],
  StateMinerInfo: [2, 'read'],
  StateListMiners: [1, 'read'],
  StateMinerActiveSectors: [2, 'read'],
  StateSectorGetInfo: [3, 'read'],
  StateSectorPreCommitInfo: [3, 'read'],
  StateVerifiedClientStatus: [2, 'read'],
  StateGetAllocation: [3, 'read'],
  StateGetAllocationForPendingDeal: [2, 'read'],
  StateGetAllocationIdForPendingDeal: [2, 'read'],
  StateGetClaim: [3, 'read'],
  StateNetworkVersion: [1, 'read'],
  StateGetActor: [2, 'read'],
  StateCall: [2, 'read'],
  // §3.4 Message search and wait (v1)
  StateSearchMsg: [4, 'read'],
  StateWaitMsg: [4, 'read'],
  // §3.5 Market funds
  MarketAddBalance: [3, 'sign'],
  MarketReserveFunds: [3, 'sign'],
  MarketReleaseFunds: [2, 'sign'],
  MarketGetReserved: [1, 'sign'],
  MarketWithdraw: [3, 'sign'],
  // §3.6 Messages and wallet
  MpoolPushMessage: [2, 'sign'],
  MpoolPush: [1, 'write'],
  WalletSign: [2, 'sign'],
  WalletVerify: [3, 'read'],
  WalletDefaultAddress: [0, 'write'],
  WalletHas: [1, 'write'],
  WalletBalance: [1, 'read'],
}

/** Methods the reference says never to call from an adapter (§3.3: StateMarketDeals dumps every deal). */
export const FORBIDDEN_METHODS: readonly string[] = ['StateMarketDeals']
