/**
 * A Signer backed by the node's wallet (Lotus WalletSign), for a market process that holds no keys
 * itself: the node signs with the key behind the address, resolving ID addresses on its own.
 *
 * @module
 */
import type { Address, Signature, Signer, SignOptions } from '../../market/index.ts'
import type { ChainAdapter } from '../chain.ts'

/** Signs through `chain.walletSign`. */
export function nodeWallet(chain: Pick<ChainAdapter, 'walletSign'>): Signer {
  return {
    sign: (address: Address, bytes: Uint8Array, options?: SignOptions): Promise<Signature> =>
      chain.walletSign(address, bytes, options),
  }
}
