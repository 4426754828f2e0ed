/**
 * The market protocols the libp2p network speaks, their families, and the deadlines and retry
 * policy of the reference implementations.
 *
 * @module
 */

import {
  ASK_PROTOCOL_ID,
  DEAL_PROTOCOL_ID,
  DEAL_STATUS_PROTOCOL_ID,
  MK12_DEAL_STATUS_PROTOCOL_ID,
  MK120_DEAL_PROTOCOL_ID,
  MK121_DEAL_PROTOCOL_ID,
} from '../../market/index.ts'
import type { DealProtocolFamily } from '../network.ts'

/** go-fil-markets' previous deal protocol: same map form, but labels must be text (read side). */
export const MK110_DEAL_PROTOCOL_ID = '/fil/storage/mk/1.1.0'

/** go-fil-markets' oldest deal protocol (tuple encodings); recognised in protocol lists, not spoken. */
export const MK101_DEAL_PROTOCOL_ID = '/fil/storage/mk/1.0.1'

/** Every deal protocol this network speaks, newest first. */
export const LIBP2P_DEAL_PROTOCOLS: readonly string[] = [
  MK121_DEAL_PROTOCOL_ID,
  MK120_DEAL_PROTOCOL_ID,
  DEAL_PROTOCOL_ID,
  MK110_DEAL_PROTOCOL_ID,
]

/** The mk/1.1 deal protocols in a client's order of preference. */
export const MK11_DEAL_PROTOCOLS: readonly string[] = [DEAL_PROTOCOL_ID, MK110_DEAL_PROTOCOL_ID]

/** The mk/1.2 deal protocols in a client's order of preference. */
export const MK12_DEAL_PROTOCOLS: readonly string[] = [MK121_DEAL_PROTOCOL_ID, MK120_DEAL_PROTOCOL_ID]

/** The ask protocol, shared by both families (always served). */
export const LIBP2P_ASK_PROTOCOL = ASK_PROTOCOL_ID

/** go-fil-markets' status protocol (always served). */
export const LIBP2P_STATUS_PROTOCOL = DEAL_STATUS_PROTOCOL_ID

/** Boost's status protocol (served with the mk/1.2 deal protocols). */
export const LIBP2P_MK12_STATUS_PROTOCOL = MK12_DEAL_STATUS_PROTOCOL_ID

/** The family a deal protocol ID belongs to, or undefined for other protocols. */
export function familyOfProtocol(protocol: string): DealProtocolFamily | undefined {
  if (protocol === MK121_DEAL_PROTOCOL_ID || protocol === MK120_DEAL_PROTOCOL_ID) return 'mk/1.2'
  if (
    protocol === DEAL_PROTOCOL_ID ||
    protocol === MK110_DEAL_PROTOCOL_ID ||
    protocol === MK101_DEAL_PROTOCOL_ID
  ) {
    return 'mk/1.1'
  }
  return undefined
}

/** The deal protocol families a protocol list contains, newest first. */
export function familiesOf(protocols: Iterable<string>): DealProtocolFamily[] {
  const found = new Set<DealProtocolFamily>()
  for (const protocol of protocols) {
    const family = familyOfProtocol(protocol)
    if (family !== undefined) found.add(family)
  }
  return (['mk/1.2', 'mk/1.1'] as const).filter((family) => found.has(family))
}

/** Deadlines of one request/response exchange, in milliseconds. */
export interface StreamTimeouts {
  /** Client: writing the request. Boost: 10 s. */
  readonly clientWrite: number
  /** Client: reading the response, which covers the provider's whole handling. Boost: 60 s. */
  readonly clientRead: number
  /** Provider: reading the request after the stream opens. Boost: 10 s. */
  readonly providerRead: number
  /** Provider: writing the response. Boost: 10 s. */
  readonly providerWrite: number
  /** Either side: a graceful close before the stream is reset instead. */
  readonly close: number
}

/** Boost's deadlines (`lp2pimpl/net.go`), used for both protocol families. */
export const DEFAULT_STREAM_TIMEOUTS: StreamTimeouts = {
  clientWrite: 10_000,
  clientRead: 60_000,
  providerRead: 10_000,
  providerWrite: 10_000,
  close: 5_000,
}

/** Retries of opening a stream (`retrystream.go`). */
export interface OpenRetryPolicy {
  /** Attempts in all, also the backoff factor (as the reference wires it). Default 5. */
  readonly attempts: number
  /** Smallest wait between attempts, ms. Default 1 s. */
  readonly minDelay: number
  /** Largest wait between attempts, ms. Default 5 min. */
  readonly maxDelay: number
}

/** The reference's stream-open retry policy. */
export const DEFAULT_OPEN_RETRY: OpenRetryPolicy = { attempts: 5, minDelay: 1_000, maxDelay: 300_000 }

/**
 * Wait before retry number `attempt` (0 for the first retry): jittered exponential backoff,
 * uniformly between minDelay and min(maxDelay, minDelay × attempts^attempt).
 */
export function retryDelay(
  policy: OpenRetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelay, policy.minDelay * Math.max(1, policy.attempts) ** attempt)
  return policy.minDelay + random() * (ceiling - policy.minDelay)
}

/** Priority of the peer tags (go-fil-markets `TagPeer`). */
export const PEER_TAG_VALUE = 100
