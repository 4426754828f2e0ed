/**
 * The provider a client process deals with, from the multiaddr it was given: the miner's chain
 * information (worker, sector size) with the peer id and address of the multiaddr, which the
 * network learns so it can dial it.
 *
 * @module
 */

import { multiaddr } from '@multiformats/multiaddr'
import { type ChainAdapter, HEAD } from '../adapters/chain.ts'
import type { Libp2pMarketNetwork } from '../adapters/libp2p/index.ts'
import type { AbortOptions, StorageProviderInfo } from '../adapters/node.ts'
import { InvalidPeerIdError } from '../errors.ts'
import type { Address } from '../market/index.ts'

/**
 * The provider at `address` (a multiaddr ending in `/p2p/<peer id>`) for miner `miner`. The peer
 * id on chain is not consulted (a provider need not have announced one): the multiaddr says whom
 * to dial, the chain whose signatures to trust.
 *
 * @throws {@link InvalidPeerIdError} when the multiaddr does not parse or names no peer
 */
export async function providerTarget(
  parts: {
    readonly chain: Pick<ChainAdapter, 'stateMinerInfo'>
    readonly network: Pick<Libp2pMarketNetwork, 'addAddrs'>
  },
  address: string,
  miner: Address,
  options?: AbortOptions,
): Promise<StorageProviderInfo> {
  let peerId: string | null
  try {
    peerId = multiaddr(address).getPeerId()
  } catch (error) {
    throw new InvalidPeerIdError(`not a multiaddr: ${address}`, { cause: error })
  }
  if (peerId === null) throw new InvalidPeerIdError(`multiaddr ${address} has no /p2p/ peer id`)
  await parts.network.addAddrs(peerId, [address], options)
  const info = await parts.chain.stateMinerInfo(miner, HEAD, options)
  return {
    address: miner,
    owner: info.owner,
    worker: info.worker,
    sectorSize: info.sectorSize,
    peerId,
    addrs: [address],
  }
}
