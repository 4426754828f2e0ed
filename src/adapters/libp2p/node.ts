/**
 * A js-libp2p node with what the market protocols need: TCP, noise, yamux, and identify (which
 * tells a client the deal protocols a provider serves).
 *
 * @module
 */

import './with-resolvers.ts'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Identify } from '@libp2p/identify'
import { identify } from '@libp2p/identify'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'

/** Options of {@link createMarketLibp2p}. */
export interface MarketLibp2pInit {
  /**
   * Multiaddrs to listen on.
   * @default ['/ip4/127.0.0.1/tcp/0']
   */
  readonly listen?: readonly string[]
  /** The node's identity key; a fresh Ed25519 key when absent. */
  readonly privateKey?: PrivateKey
}

/** A libp2p node with the identify service. */
export type MarketLibp2p = Libp2p<{ identify: Identify }>

/** Creates and starts a libp2p node (TCP, noise, yamux, identify). */
export async function createMarketLibp2p(init: MarketLibp2pInit = {}): Promise<MarketLibp2p> {
  return createLibp2p({
    ...(init.privateKey === undefined ? {} : { privateKey: init.privateKey }),
    addresses: { listen: [...(init.listen ?? ['/ip4/127.0.0.1/tcp/0'])] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  })
}
