/**
 * A client and a provider as processes of their own: the lifecycles over a Lotus node, LevelDB
 * stores, the libp2p market network and HTTP pull transfers. Node only.
 *
 * @module
 */
export {
  type ClientProcess,
  type ClientProcessInit,
  startClientProcess,
} from './client-process.ts'
export {
  DEAL_MILESTONES,
  type DealMilestone,
  FAILED_CLIENT_STATES,
  type FollowDealOptions,
  followDeal,
  isDealMilestone,
  MILESTONE_STATES,
} from './deal-milestones.ts'
export { chooseMiner, connectLotus, type LotusConnection, type LotusEndpoint } from './lotus-connection.ts'
export { NO_PUSH_REASON, noPushTransfer } from './no-push-transfer.ts'
export { loadOrCreatePeerKey, PEER_KEY_FILE } from './peer-key.ts'
export { type ProviderProcess, type ProviderProcessInit, startProviderProcess } from './provider-process.ts'
export { providerTarget } from './provider-target.ts'
export { ProviderTransfers } from './provider-transfers.ts'
