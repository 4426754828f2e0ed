/**
 * The default node adapters, built on any chain adapter.
 *
 * @module
 */
export { type ClientNode, type ClientNodeInit, createClientNode } from './client-node.ts'
export type { ChainNodeComponents, ChainNodeInit } from './common-node.ts'
export {
  createProviderNode,
  type ProviderNode,
  type ProviderNodeComponents,
  type ProviderNodeInit,
} from './provider-node.ts'
export type { Sealer, SealerPiece } from './sealer.ts'
