/**
 * Data-transfer channel identifier (go-data-transfer `ChannelID`), recorded on deals.
 *
 * @module
 */

import type { PeerId } from './peer-id.ts'

/** Identifies one data-transfer channel. Encoded as a 3-element tuple. */
export interface ChannelID {
  /** Peer that opened the channel. */
  readonly Initiator: PeerId
  /** Peer that answered. */
  readonly Responder: PeerId
  /**
   * Transfer ID chosen by the initiator. A bigint: go-data-transfer seeds these counters from the
   * clock in nanoseconds, so they exceed the safe-integer range.
   */
  readonly ID: bigint
}
