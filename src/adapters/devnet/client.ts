/**
 * The devnet's own methods from another process: advancing or reorganising the chain, and a
 * {@link Sealer} that hands deals to the devnet's simulated miner, for a provider whose chain
 * adapter is the Lotus one.
 *
 * @module
 */
import type { Address } from '../../market/index.ts'
import type { TipSet } from '../chain.ts'
import type { Sealer } from '../chain-node/sealer.ts'
import { type Clock, realClock } from '../clock.ts'
import { encodeAddress } from '../lotus/json/address.ts'
import { asObject, asSafeInt, asUint64, member } from '../lotus/json/scalars.ts'
import { decodeTipSet } from '../lotus/json/tipset.ts'
import { Activity } from '../lotus/rpc/activity.ts'
import { HttpRpc } from '../lotus/rpc/http-rpc.ts'
import { endpointOf } from '../lotus/rpc/lotus-rpc.ts'
import type { LotusFetch } from '../lotus/rpc/node-fetch.ts'
import type { AbortOptions, PackingResult } from '../node.ts'

/** Where the devnet is. */
export interface DevnetClientInit {
  /** The devnet's HTTP endpoint. */
  readonly url: string
  /** A token with the admin permission. */
  readonly token: string
  /** Time limit of each call, in ms of the clock. @default 30_000 */
  readonly timeoutMs?: number
}

/** What the devnet client takes from its host. */
export interface DevnetClientComponents {
  /** Drives call time limits. @default the wall clock */
  readonly clock?: Clock
  /** The HTTP client. @default globalThis.fetch */
  readonly fetch?: LotusFetch
}

/** The devnet's extension methods. */
export interface DevnetClient {
  /** Applies `epochs` epochs (`Devnet.Advance`) and resolves with the new head. */
  advance(epochs?: number, options?: AbortOptions): Promise<TipSet>
  /** Reverts and re-applies `depth` tipsets (`Devnet.Reorg`) and resolves with the new head. */
  reorg(depth?: number, options?: AbortOptions): Promise<TipSet>
  /** A sealer handing deals to the devnet's simulated miner `miner` (`Devnet.HandOff`). */
  sealer(miner: Address): Sealer
}

function decodePacking(value: unknown): PackingResult {
  const object = asObject(value, 'Devnet.HandOff')
  return {
    sectorNumber: asUint64(member(object, 'SectorNumber', 'Devnet.HandOff'), 'Devnet.HandOff.SectorNumber'),
    offset: asSafeInt(member(object, 'Offset', 'Devnet.HandOff'), 'Devnet.HandOff.Offset', 0n),
    size: asSafeInt(member(object, 'Size', 'Devnet.HandOff'), 'Devnet.HandOff.Size', 0n),
  }
}

/**
 * A client of the devnet at `init.url`.
 *
 * @example
 * const devnet = devnetClient({ url, token })
 * const provider = createProviderNode({ chain, wallet, sealer: devnet.sealer(miner) }, { minerAddress: miner })
 */
export function devnetClient(init: DevnetClientInit, components: DevnetClientComponents = {}): DevnetClient {
  const rpc = new HttpRpc({
    url: init.url,
    endpoint: endpointOf(init.url),
    token: init.token,
    clock: components.clock ?? realClock,
    fetch: components.fetch ?? globalThis.fetch,
    activity: new Activity(),
  })
  const call = (method: string, params: readonly unknown[], options?: AbortOptions) =>
    rpc.call(`Devnet.${method}`, `Devnet.${method}`, params, {
      signal: options?.signal,
      timeoutMs: init.timeoutMs ?? 30_000,
    })
  return {
    advance: async (epochs = 1, options) =>
      decodeTipSet(await call('Advance', [epochs], options), 'Devnet.Advance'),
    reorg: async (depth = 1, options) => decodeTipSet(await call('Reorg', [depth], options), 'Devnet.Reorg'),
    sealer: (miner) => ({
      handOff: async (piece, options) =>
        decodePacking(await call('HandOff', [encodeAddress(miner), piece.dealId], options)),
    }),
  }
}
