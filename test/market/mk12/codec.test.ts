/**
 * mk/1.2 codecs: round trips, Boost's limits, the typed errors, and UUID / signature helpers.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeError, EncodeError, InvalidDealUuidError } from '../../../src/errors.ts'
import { encodeNode } from '../../../src/market/cbor/writer.ts'
import * as M from '../../../src/market/index.ts'
import { expectSame } from '../same-value.ts'
import { dealParams, MK12_CODECS } from './codecs.ts'

const reasonOf = (run: () => unknown): string => {
  try {
    run()
  } catch (error) {
    if (error instanceof DecodeError) return error.reason
    throw error
  }
  throw new Error('expected a DecodeError')
}

describe('mk/1.2 codecs', () => {
  for (const codec of MK12_CODECS) {
    it(`${codec.name}: decode(encode(v)) is v, and encoding is stable`, () => {
      fc.assert(
        fc.property(codec.value, (value) => {
          const bytes = codec.encode(value)
          const back = codec.decode(bytes)
          expectSame(back, value)
          expectSame(codec.encode(back), bytes)
        }),
        { numRuns: 150 },
      )
    })
  }

  it('any key order decodes; unknown keys are skipped', () => {
    const [sample] = fc.sample(dealParams, { numRuns: 1, seed: 7 })
    const value = sample as M.DealParams
    const canonical = M.encodeDealParams(value)
    const reordered = new Uint8Array([
      0xa8,
      ...encodeNode('Zzz'),
      ...encodeNode([1, 2]),
      ...encodeNode('RemoveUnsealedCopy'),
      ...encodeNode(value.RemoveUnsealedCopy),
      ...encodeNode('DealUUID'),
      ...encodeNode(value.DealUUID),
      ...encodeNode('SkipIPNIAnnounce'),
      ...encodeNode(value.SkipIPNIAnnounce),
      ...encodeNode('IsOffline'),
      ...encodeNode(value.IsOffline),
      ...encodeNode('Transfer'),
      ...M.encodeTransfer(value.Transfer),
      ...encodeNode('DealDataRoot'),
      ...encodeNode(value.DealDataRoot),
      ...encodeNode('ClientDealProposal'),
      ...M.encodeClientDealProposal(value.ClientDealProposal),
    ])
    expectSame(M.encodeDealParams(M.decodeDealParams(reordered)), canonical)
  })

  it('a deal UUID of any other length than 16 is a decode error', () => {
    for (const length of [0, 15, 17]) {
      const bytes = encodeNode({ DealUUID: new Uint8Array(length), Signature: Uint8Array.of(1, 0) })
      expect(reasonOf(() => M.decodeMk12DealStatusRequest(bytes))).toBe('invalid-value')
    }
    expect(() =>
      M.encodeMk12DealStatusRequest({
        DealUUID: new Uint8Array(15),
        Signature: { Type: 1, Data: new Uint8Array(65) },
      }),
    ).toThrow(EncodeError)
  })

  it('text strings are limited to 8192 bytes, Params to 2 MiB, both ways', () => {
    const long = 'x'.repeat(M.MK12_MAX_TEXT_BYTES + 1)
    expect(
      M.decodeDealResponse(encodeNode({ Accepted: false, Message: 'x'.repeat(8192) })).Message,
    ).toHaveLength(8192)
    expect(reasonOf(() => M.decodeDealResponse(encodeNode({ Accepted: false, Message: long })))).toBe(
      'out-of-range',
    )
    expect(() => M.encodeDealResponse({ Accepted: false, Message: long })).toThrow(EncodeError)
    const params = new Uint8Array(M.MK12_MAX_PARAMS_BYTES + 1)
    expect(reasonOf(() => M.decodeTransfer(encodeNode({ Params: params })))).toBe('out-of-range')
    expect(() => M.encodeTransfer({ Type: 'http', ClientID: '', Params: params, Size: 1 })).toThrow(
      EncodeError,
    )
    expect(M.decodeTransfer(encodeNode({ Params: params.subarray(1) })).Params).toHaveLength(
      M.MK12_MAX_PARAMS_BYTES,
    )
  })

  it('whole messages are bounded: small messages at 64 KiB, DealParams at its field limits', () => {
    const big = encodeNode({ Accepted: true, Message: '', Pad: new Uint8Array(70_000) })
    expect(reasonOf(() => M.decodeDealResponse(big))).toBe('too-large')
    expect(M.decodeDealResponse(big, { maxBytes: 80_000 }).Accepted).toBe(true)
    expect(M.MK12_MAX_DEAL_PARAMS_BYTES).toBeGreaterThan(2 * M.MK12_MAX_PARAMS_BYTES)
  })

  it('required keys: proposal, data root, status proposal and signed proposal CID; the top level is a map', () => {
    const [sample] = fc.sample(dealParams, { numRuns: 1, seed: 3 })
    const value = sample as M.DealParams
    const withoutRoot = new Uint8Array([
      0xa2,
      ...encodeNode('DealUUID'),
      ...encodeNode(value.DealUUID),
      ...encodeNode('ClientDealProposal'),
      ...M.encodeClientDealProposal(value.ClientDealProposal),
    ])
    expect(reasonOf(() => M.decodeDealParams(withoutRoot))).toBe('missing-field')
    expect(reasonOf(() => M.decodeDealParams(encodeNode([1, 2])))).toBe('wrong-type')
    expect(reasonOf(() => M.decodeMk12DealStatus(encodeNode({ Error: '' })))).toBe('missing-field')
    // Absent optional keys take Go's zero values.
    const empty = M.decodeMk12DealStatusResponse(encodeNode({}))
    expect(empty).toEqual({
      DealUUID: new Uint8Array(16),
      Error: '',
      DealStatus: null,
      IsOffline: false,
      TransferSize: 0,
      NBytesReceived: 0,
    })
  })

  it('HttpRequest params: refused unless a JSON object of strings', () => {
    for (const text of ['', '[1]', '{"URL":1}', '{"Headers":{"a":1}}', '{"Headers":[]}', '{']) {
      expect(reasonOf(() => M.decodeHttpRequest(new TextEncoder().encode(text)))).toBe('invalid-value')
    }
    expect(reasonOf(() => M.decodeHttpRequest(Uint8Array.of(0xff)))).toBe('invalid-value')
    expect(M.decodeHttpRequest(new TextEncoder().encode('null'))).toEqual({ URL: '', Headers: null })
    const proto = M.decodeHttpRequest(new TextEncoder().encode('{"URL":"u","Headers":{"__proto__":"v"}}'))
    expect(Object.keys(proto.Headers ?? {})).toEqual(['__proto__'])
  })
})

describe('deal UUIDs and the status signature', () => {
  it('text round trip; random ones are version 4', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(M.parseDealUuid(M.formatDealUuid(bytes))).toEqual(bytes)
      }),
      { numRuns: 200 },
    )
    const uuid = M.newDealUuid()
    expect(M.formatDealUuid(uuid)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(M.dealUuidEquals(uuid, M.dealUuidFromBytes(uuid))).toBe(true)
    expect(M.dealUuidEquals(uuid, M.newDealUuid())).toBe(false)
  })

  it('malformed text and lengths throw InvalidDealUuidError', () => {
    for (const text of [
      '',
      'not-a-uuid',
      '8c0e7d2e-1f4a-4b6c-9d8e-0a1b2c3d4e5',
      '8c0e7d2e1f4a4b6c9d8e0a1b2c3d4e5fa',
    ]) {
      expect(() => M.parseDealUuid(text)).toThrow(InvalidDealUuidError)
    }
    expect(() => M.formatDealUuid(new Uint8Array(3))).toThrow(InvalidDealUuidError)
    expect(() => M.mk12DealStatusRequestSigningBytes(new Uint8Array(17))).toThrow(InvalidDealUuidError)
  })

  it('the client signs the 16 raw UUID bytes; the provider verifies over exactly those', async () => {
    const wallet = new M.MemoryWallet()
    const client = wallet.generateKey('secp256k1')
    const uuid = M.newDealUuid()
    const request = await M.signMk12DealStatusRequest(wallet, client, uuid)
    expect(M.verifyMk12DealStatusRequest(request, client)).toBe(true)
    expect(M.verifySignature(request.Signature, client, uuid)).toBe(true)
    const decoded = M.decodeMk12DealStatusRequest(M.encodeMk12DealStatusRequest(request))
    expect(M.verifyMk12DealStatusRequest(decoded, client)).toBe(true)
    expect(M.verifyMk12DealStatusRequest({ ...request, DealUUID: M.newDealUuid() }, client)).toBe(false)
  })
})
