/**
 * How the client and the provider of an embedded market reach its simulated chain: in process
 * (the default), or over the Lotus JSON-RPC API of a devnet serving that same chain on 127.0.0.1,
 * each side through a Lotus chain adapter of its own, with its node's wallet signing (WalletSign)
 * and the provider's sealer reached through the devnet's hand-off, as separate processes would.
 * The market keeps driving the chain object itself (epochs, faults, summaries) in both cases.
 *
 * @module
 */
import type { ChainAdapter } from '../adapters/chain.ts'
import type { Sealer } from '../adapters/chain-node/index.ts'
import { realClock } from '../adapters/clock.ts'
import { type Devnet, devnetClient, startDevnet } from '../adapters/devnet/index.ts'
import {
  type ClosableLotusFetch,
  createLotusChain,
  type LotusChain,
  nodeHttpFetch,
  nodeWallet,
} from '../adapters/lotus/index.ts'
import type { SimChain } from '../adapters/sim-chain/index.ts'
import type { Address, Signer } from '../market/index.ts'
import type { Activity } from './activity.ts'
import type { Identity } from './identity.ts'

/**
 * Where the embedded nodes find the chain: `'simulated'` calls the simulated chain in process;
 * `'devnet'` serves it over Lotus JSON-RPC (HTTP and WebSocket, 127.0.0.1, a random port) and
 * gives the client and the provider a Lotus chain adapter each; `{ devnet }` does the same on a
 * chosen loopback address and with a chosen token, so other processes can read the chain too.
 */
export type EmbeddedChainAccess = 'simulated' | 'devnet' | EmbeddedDevnetAccess

/** A devnet at a chosen address, with a chosen token. */
export interface EmbeddedDevnetAccess {
  readonly devnet: {
    /** A loopback address. @default { host: '127.0.0.1', port: 0 } (any free port) */
    readonly listen?: { readonly host?: string; readonly port?: number }
    /** The admin token the devnet accepts. @default one generated at start */
    readonly token?: string
  }
}

/** What one side's node is built on. */
export interface NodeConnection {
  readonly chain: ChainAdapter
  readonly wallet: Signer
  /** Ends this side's connection (its process going away). */
  close(): void
}

/** The provider side's connection, with its sealer. */
export interface ProviderConnection extends NodeConnection {
  readonly sealer: Sealer
}

/** How the market's nodes reach the chain. */
export interface ChainLink {
  readonly access: 'simulated' | 'devnet'
  /** The devnet serving the chain and the calls it served, by method, in `'devnet'` access. */
  readonly devnet: { readonly url: string; readonly calls: ReadonlyMap<string, number> } | undefined
  connectClient(): NodeConnection
  connectProvider(miner: Address): ProviderConnection
  /**
   * Resolves once every connection is quiet (calls answered, head changes handed to the nodes), or
   * undefined when the nodes call the chain directly and there is nothing to wait for.
   */
  readonly idle: (() => Promise<void>) | undefined
  /** A counter of the connections' traffic: unchanged across {@link idle}, nothing moved. */
  ticks(): number
  close(): Promise<void>
}

/** Opens the link of `access` to `chain`. */
export async function openChainLink(
  access: EmbeddedChainAccess,
  chain: SimChain,
  identity: Identity,
  activity: Activity,
): Promise<ChainLink> {
  if (access === 'simulated') return simulatedLink(chain, identity)
  const chosen = access === 'devnet' ? {} : access.devnet
  const calls = new Map<string, number>()
  const devnet = await startDevnet({
    chain,
    onCall: (call) => calls.set(call.method, (calls.get(call.method) ?? 0) + 1),
    ...(chosen.listen === undefined ? {} : { listen: chosen.listen }),
    ...(chosen.token === undefined ? {} : { token: chosen.token }),
  })
  return devnetLink(devnet, calls, activity)
}

function simulatedLink(chain: SimChain, identity: Identity): ChainLink {
  const none = (): void => {}
  return {
    access: 'simulated',
    devnet: undefined,
    connectClient: () => ({ chain, wallet: identity.clientWallet, close: none }),
    connectProvider: (miner) => ({
      chain,
      wallet: identity.providerWallet,
      sealer: chain.sealer(miner),
      close: none,
    }),
    idle: undefined,
    ticks: () => 0,
    close: async () => {},
  }
}

function devnetLink(devnet: Devnet, calls: ReadonlyMap<string, number>, activity: Activity): ChainLink {
  const open = new Set<LotusChain>()
  // A market node signs, spends and reads; only the sealer's hand-off needs the admin token.
  const token = devnet.createToken(['read', 'write', 'sign'])
  // Node's own HTTP client: about half the CPU of fetch per call, and the nodes make many.
  const fetches = new Set<ClosableLotusFetch>()
  const connect = (): { lotus: LotusChain; close: () => void } => {
    const fetch = nodeHttpFetch()
    // Call time limits are about real sockets, so they run on the wall clock, not the market's.
    const lotus = createLotusChain({ url: devnet.url, token }, { clock: realClock, fetch })
    open.add(lotus)
    fetches.add(fetch)
    return {
      lotus,
      close: () => {
        open.delete(lotus)
        lotus.close()
        fetches.delete(fetch)
        fetch.close()
      },
    }
  }
  const adminFetch = nodeHttpFetch()
  fetches.add(adminFetch)
  const admin = devnetClient({ url: devnet.url, token: devnet.token }, { fetch: adminFetch })
  return {
    access: 'devnet',
    devnet: { url: devnet.url, calls },
    connectClient: () => {
      const { lotus, close } = connect()
      return { chain: lotus, wallet: nodeWallet(lotus), close }
    },
    connectProvider: (miner) => {
      const { lotus, close } = connect()
      const sealer = admin.sealer(miner)
      return {
        chain: lotus,
        wallet: nodeWallet(lotus),
        // The hand-off travels over its own HTTP client: the market counts it as activity.
        sealer: { handOff: (piece, options) => activity.track(sealer.handOff(piece, options)) },
        close,
      }
    },
    idle: async () => {
      await Promise.all([...open].map((lotus) => lotus.idle()))
    },
    ticks: () => {
      let ticks = 0
      for (const lotus of open) ticks += lotus.ticks
      return ticks + open.size
    },
    close: async () => {
      for (const lotus of open) lotus.close()
      open.clear()
      for (const fetch of fetches) fetch.close()
      fetches.clear()
      await devnet.close()
    },
  }
}
