import fc from 'fast-check'
import { base32 } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { InvalidPeerIdError } from '../../src/errors.ts'
import { textFromWire, textToWire } from '../../src/market/cbor/text.ts'
import {
  type ChannelID,
  decodeChannelId,
  decodeResponse,
  encodeChannelId,
  encodeResponse,
  peerIdEquals,
  peerIdFromString,
  peerIdToString,
} from '../../src/market/index.ts'
import * as A from './arbitraries.ts'

describe('text fields keep their exact bytes', () => {
  it('any bytes survive textFromWire → textToWire', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(textToWire(textFromWire(bytes))).toEqual(bytes)
      }),
      { numRuns: 2000 },
    )
  })

  it('valid UTF-8 decodes to the ordinary string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 32 }), (text) => {
        const bytes = new TextEncoder().encode(text)
        expect(textFromWire(bytes)).toBe(text)
        expect(textToWire(text)).toEqual(bytes)
      }),
    )
  })

  it('a response message with raw peer-ID bytes re-encodes identically', () => {
    fc.assert(
      fc.property(A.response, fc.uint8Array({ minLength: 1, maxLength: 38 }), (response, raw) => {
        const message = textFromWire(Uint8Array.of(...new TextEncoder().encode('transfer stalled '), ...raw))
        const bytes = encodeResponse({ ...response, Message: message })
        const decoded = decodeResponse(bytes)
        expect(decoded.Message).toBe(message)
        expect(encodeResponse(decoded)).toEqual(bytes)
      }),
      { numRuns: 200 },
    )
  })
})

describe('peer IDs', () => {
  const ED25519 = '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'

  it('parses base58btc and libp2p-key CID forms to the same bytes', () => {
    const bytes = peerIdFromString(ED25519)
    expect(bytes[0]).toBe(0x00) // identity multihash of the public key
    expect(peerIdToString(bytes)).toBe(ED25519)
    const cidForm = CID.createV1(0x72, Digest.decode(bytes)).toString(base32)
    expect(cidForm).toMatch(/^bafz/)
    expect(peerIdFromString(cidForm)).toEqual(bytes)
    expect(peerIdEquals(bytes, peerIdFromString(ED25519))).toBe(true)
  })

  it('rejects strings that are not peer IDs', () => {
    for (const text of [
      '',
      'hello',
      'QmNotBase58!',
      'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
    ]) {
      expect(() => peerIdFromString(text), text).toThrow(InvalidPeerIdError)
    }
  })

  it('channel IDs carry peer IDs as raw-byte text strings', () => {
    const peer = peerIdFromString(ED25519)
    const channel: ChannelID = { Initiator: peer, Responder: Uint8Array.of(0xff), ID: 2n ** 64n - 1n }
    const bytes = encodeChannelId(channel)
    // array(3), text(38) + raw peer bytes, text(1) ff, uint64 max.
    expect(Buffer.from(bytes).toString('hex')).toBe(
      `83 78 26 ${Buffer.from(peer).toString('hex')} 61 ff 1b ffffffffffffffff`.replace(/\s/g, ''),
    )
    expect(decodeChannelId(bytes)).toEqual(channel)
  })
})
