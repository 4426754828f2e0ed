/**
 * libp2p peer IDs inside market records. Go stores a `peer.ID` as a CBOR text string holding the
 * raw multihash bytes, which are usually not valid UTF-8, so records keep those bytes as they are
 * and convert to the familiar string forms only for display and input.
 *
 * @module
 */

import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidPeerIdError } from '../errors.ts'

/** The raw bytes of a libp2p peer ID (its multihash). An empty array is Go's zero peer ID. */
export type PeerId = Uint8Array

/** Multicodec of CIDs naming libp2p public keys. */
const LIBP2P_KEY = 0x72

/**
 * Parses a peer ID string: base58btc (`12D3Koo…`, `Qm…`, `16Uiu…`) or a CIDv1 with the libp2p-key
 * codec (`bafz…`). Throws InvalidPeerIdError otherwise.
 */
export function peerIdFromString(text: string): PeerId {
  let bytes: Uint8Array
  try {
    if (text.startsWith('1') || text.startsWith('Q')) {
      bytes = base58btc.baseDecode(text)
    } else {
      const cid = CID.parse(text)
      if (cid.code !== LIBP2P_KEY) throw new Error(`CID codec 0x${cid.code.toString(16)} is not libp2p-key`)
      bytes = cid.multihash.bytes
    }
    Digest.decode(bytes)
  } catch (error) {
    throw new InvalidPeerIdError(`invalid peer ID ${JSON.stringify(text)}`, { cause: error })
  }
  return Uint8Array.from(bytes)
}

/** The base58btc string of a peer ID, as libp2p prints it. */
export function peerIdToString(peer: PeerId): string {
  return base58btc.baseEncode(peer)
}

/** True when both peer IDs have the same bytes. */
export function peerIdEquals(a: PeerId, b: PeerId): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
