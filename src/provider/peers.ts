/**
 * Conversions between the network adapters' peer ids (text) and the ones deal records hold (raw
 * peer-id bytes, as Go stores them).
 *
 * @module
 */

import * as Digest from 'multiformats/hashes/digest'
import type { ChannelId } from '../adapters/data-transfer.ts'
import { type ChannelID, type PeerId, peerIdFromString, peerIdToString } from '../market/index.ts'

const utf8 = new TextEncoder()
const text = new TextDecoder()

/**
 * The record form of a network peer id: its multihash bytes for a libp2p peer id, else the UTF-8
 * bytes of the text, so in-process networks may use plain names.
 */
export function recordPeer(peer: string): PeerId {
  try {
    return peerIdFromString(peer)
  } catch {
    return utf8.encode(peer)
  }
}

/** The network form of a recorded peer id (the inverse of {@link recordPeer}). */
export function networkPeer(peer: PeerId): string {
  try {
    Digest.decode(peer)
    return peerIdToString(peer)
  } catch {
    return text.decode(peer)
  }
}

/** A data-transfer channel id as a record holds it. */
export function recordChannel(channel: ChannelId): ChannelID {
  return {
    Initiator: recordPeer(channel.initiator),
    Responder: recordPeer(channel.responder),
    ID: channel.id,
  }
}

/** A recorded channel id as the data-transfer adapter takes it. */
export function networkChannel(channel: ChannelID): ChannelId {
  return {
    initiator: networkPeer(channel.Initiator),
    responder: networkPeer(channel.Responder),
    id: channel.ID,
  }
}
