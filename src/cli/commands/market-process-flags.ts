/**
 * Flags and value parsers the commands running a market process share (`provider run`,
 * `client deal`, `client query-ask`): the Lotus endpoint, the miner, multiaddrs and addresses.
 *
 * @module
 */

import { multiaddr } from '@multiformats/multiaddr'
import { type Address, parseAddress } from '../../market/index.ts'
import type { LotusEndpoint } from '../../standalone/lotus-connection.ts'
import type { FlagSpec } from '../args.ts'
import { UsageError } from '../errors.ts'
import { lotusEndpoints, lotusToken } from '../lotus-flags.ts'

/** `--store DIR` of a market process: created when missing. */
export const PROCESS_STORE_FLAG = {
  kind: 'value',
  placeholder: 'DIR',
  description: 'directory of the process state (datastore, staged data, libp2p key), created if missing',
  required: true,
} as const satisfies FlagSpec

/** `--miner ADDRESS`: the miner actor. */
export const MINER_FLAG = {
  kind: 'value',
  placeholder: 'ADDRESS',
  description: 'the miner actor (default: the only miner on the chain)',
} as const satisfies FlagSpec

/** The endpoint of `--lotus-url` and the token of `--lotus-token` or LOTUS_API_TOKEN. */
export function lotusEndpointOf(
  url: string,
  token: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): LotusEndpoint {
  const endpoints = lotusEndpoints(url)
  const resolved = lotusToken(token, env)
  return { ...endpoints, ...(resolved === undefined ? {} : { token: resolved }) }
}

/** Parses a Filecoin address flag. */
export function parseAddressFlag(name: string, text: string): Address {
  try {
    return parseAddress(text)
  } catch (error) {
    throw new UsageError('bad-value', `${name}: not a Filecoin address: '${text}'`, { cause: error })
  }
}

/** Parses a multiaddr flag; with `peer`, it must end in `/p2p/<peer id>`. */
export function parseMultiaddrFlag(name: string, text: string, peer: boolean): string {
  let peerId: string | null
  try {
    peerId = multiaddr(text).getPeerId()
  } catch (error) {
    throw new UsageError('bad-value', `${name}: not a multiaddr: '${text}'`, { cause: error })
  }
  if (peer && peerId === null)
    throw new UsageError('bad-value', `${name}: the multiaddr must end in /p2p/<peer id>: '${text}'`)
  return text
}

/** Resolves once `signal` aborts; at once without a signal (nothing could stop the wait). */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
