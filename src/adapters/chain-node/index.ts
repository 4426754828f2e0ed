/**
 * The default node adapters, built on any chain adapter.
 *
 * @module
 */
export { type ClientNode, type ClientNodeInit, createClientNode } from './client-node.ts'
export {
  type ChainNodeComponents,
  type ChainNodeInit,
  FUNDS_CALL_TIMEOUT_EPOCHS,
  MAINNET_EPOCH_DURATION_MS,
} from './common-node.ts'
export {
  createProviderNode,
  type ProviderNode,
  type ProviderNodeComponents,
  type ProviderNodeInit,
  PUBLISH_SEARCH_TIMEOUT_EPOCHS,
} from './provider-node.ts'
export type { Sealer, SealerPiece } from './sealer.ts'
