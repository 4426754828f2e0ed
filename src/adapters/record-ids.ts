/**
 * Conversions between the adapters' peer and channel identities (text) and the forms deal records
 * hold (go-fil-markets' byte forms).
 *
 * @module
 */

import * as Digest from 'multiformats/hashes/digest'
import { type ChannelID, type PeerId, peerIdFromString, peerIdToString } from '../market/index.ts'
import type { ChannelId } from './data-transfer.ts'
import type { PeerId as NetworkPeer } from './network.ts'

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder()

function isMultihash(bytes: Uint8Array): boolean {
  try {
    Digest.decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * The record form of a network peer. A libp2p peer id becomes its multihash bytes, as
 * go-fil-markets stores it. In-process networks name peers freely, so any other text is kept as
 * its UTF-8 bytes; {@link peerFromRecord} reverses both exactly.
 */
export function peerToRecord(peer: NetworkPeer): PeerId {
  try {
    const bytes = peerIdFromString(peer)
    if (peerIdToString(bytes) === peer) return bytes
  } catch {
    // not a libp2p peer id: a free-form name
  }
  return utf8Encoder.encode(peer)
}

/** The network form of a record's peer (see {@link peerToRecord}). */
export function peerFromRecord(peer: PeerId): NetworkPeer {
  return isMultihash(peer) ? peerIdToString(peer) : utf8Decoder.decode(peer)
}

/** The record form of a transfer channel id. */
export function channelToRecord(channel: ChannelId): ChannelID {
  return {
    Initiator: peerToRecord(channel.initiator),
    Responder: peerToRecord(channel.responder),
    ID: channel.id,
  }
}

/** The adapter form of a recorded channel id. */
export function channelFromRecord(channel: ChannelID): ChannelId {
  return {
    initiator: peerFromRecord(channel.Initiator),
    responder: peerFromRecord(channel.Responder),
    id: channel.ID,
  }
}

/** A channel id as one line of text for deal messages: `initiator-responder-id`. */
export function formatChannel(channel: ChannelID): string {
  return `${peerFromRecord(channel.Initiator)}-${peerFromRecord(channel.Responder)}-${channel.ID}`
}
