/**
 * Provider signatures (go-fil-markets `SignMinerData`): CBOR bytes signed with the miner's worker
 * key, looked up at the current head.
 *
 * @module
 */

import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import type { Address, Signature } from '../market/index.ts'

/** Signs bytes with the worker key of `miner`. Rejects with the node's error. */
export async function signMinerData(
  node: Pick<StorageProviderNode, 'getChainHead' | 'getMinerWorkerAddress' | 'signBytes'>,
  miner: Address,
  bytes: Uint8Array,
  options?: AbortOptions,
): Promise<Signature> {
  const head = await node.getChainHead(options)
  const worker = await node.getMinerWorkerAddress(miner, head.token, options)
  return node.signBytes(worker, bytes, options)
}
