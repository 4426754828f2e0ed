/**
 * The chain adapter over a Lotus full node's JSON-RPC API.
 *
 * @module
 */
export { createLotusChain, LotusChain } from './lotus-chain.ts'
export { LOTUS_METHODS, type LotusMethod, type LotusMethodSpec, type LotusPermission } from './methods.ts'
export type { LotusChainComponents, LotusChainInit } from './options.ts'
export type { BackoffOptions } from './rpc/backoff.ts'
export {
  type ClosableLotusFetch,
  type LotusFetch,
  type LotusFetchInit,
  type LotusFetchResponse,
  nodeHttpFetch,
} from './rpc/node-fetch.ts'
export { nodeWallet } from './signer.ts'
