/**
 * A standalone process's link to its Lotus node (or devnet): the chain adapter, the node's wallet
 * as signer (WalletSign: the process holds no keys), and the miner actor it works with.
 *
 * @module
 */

import { HEAD } from '../adapters/chain.ts'
import { createLotusChain, type LotusChain, nodeHttpFetch, nodeWallet } from '../adapters/lotus/index.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { MinerNotChosenError } from '../errors.ts'
import type { Address, Signer } from '../market/index.ts'

/** Where the Lotus node is. */
export interface LotusEndpoint {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:1234/rpc/v1`. */
  readonly url: string
  /** WebSocket endpoint. @default `url` with ws(s): */
  readonly wsUrl?: string
  /** API token with the `sign` permission. @default none (read-only: signing fails) */
  readonly token?: string
}

/** An open link to a Lotus node. */
export interface LotusConnection {
  readonly chain: LotusChain
  /** Signs through the node's wallet. */
  readonly wallet: Signer
  /** Closes the WebSocket and the HTTP client. */
  close(): void
}

/** Opens a link to `endpoint` over Node's own HTTP client. */
export function connectLotus(endpoint: LotusEndpoint): LotusConnection {
  const fetch = nodeHttpFetch()
  const chain = createLotusChain(
    {
      url: endpoint.url,
      ...(endpoint.wsUrl === undefined ? {} : { wsUrl: endpoint.wsUrl }),
      ...(endpoint.token === undefined ? {} : { token: endpoint.token }),
    },
    { fetch },
  )
  return {
    chain,
    wallet: nodeWallet(chain),
    close() {
      chain.close()
      fetch.close()
    },
  }
}

/**
 * The miner actor to work with: `given`, else the only miner on the chain (a devnet has one).
 *
 * @throws {@link MinerNotChosenError} without `given` when the chain has no miner or several
 */
export async function chooseMiner(
  chain: Pick<LotusChain, 'stateListMiners'>,
  given: Address | undefined,
  options?: AbortOptions,
): Promise<Address> {
  if (given !== undefined) return given
  const miners = await chain.stateListMiners(HEAD, options)
  const [only] = miners
  if (only === undefined || miners.length > 1) throw new MinerNotChosenError(miners.length)
  return only
}
