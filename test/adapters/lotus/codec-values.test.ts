import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { decodeAddress, encodeAddress } from '../../../src/adapters/lotus/json/address.ts'
import { decodeBitfieldJson, encodeBitfieldJson } from '../../../src/adapters/lotus/json/bitfield.ts'
import { decodeCid, decodeOptionalCid, encodeCid } from '../../../src/adapters/lotus/json/cid.ts'
import { multiaddrToBytes, multiaddrToText } from '../../../src/adapters/lotus/json/multiaddr.ts'
import {
  decodeBigInt,
  decodeBytes,
  encodeBigInt,
  encodeBytes,
} from '../../../src/adapters/lotus/json/scalars.ts'
import { decodeSignature, encodeSignature } from '../../../src/adapters/lotus/json/signature.ts'
import { parseJson, stringifyJson } from '../../../src/adapters/lotus/json/text.ts'
import { DecodeError } from '../../../src/errors.ts'
import { parseAddress } from '../../../src/market/index.ts'
import { address, cid, signature } from '../../market/arbitraries.ts'

/** What the other end reads: the value written as JSON text and parsed back. */
const viaText = (value: unknown) => parseJson(stringifyJson(value))

describe('Lotus JSON scalar codecs', () => {
  it('CID: {"/": "<cid>"} both ways, null for an undefined CID', () => {
    const text = 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'
    expect(encodeCid(CID.parse(text))).toEqual({ '/': text })
    fc.assert(
      fc.property(cid, (c) => {
        expect(decodeCid(viaText(encodeCid(c)), 'cid').equals(c)).toBe(true)
      }),
    )
    expect(decodeOptionalCid(null, 'cid')).toBeUndefined()
    expect(() => decodeCid({ '/': 'nope' }, 'x')).toThrow(DecodeError)
    expect(() => decodeCid('bafy', 'x')).toThrow(DecodeError)
  })

  it('big int: a decimal string, negative and far beyond 2^64 included; never a JSON number', () => {
    const big = 2n ** 64n * 12345n + 7n
    expect(encodeBigInt(-5n)).toBe('-5')
    expect(encodeBigInt(big)).toBe(big.toString())
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }), (n) => {
        expect(decodeBigInt(viaText(encodeBigInt(n)), 'n')).toBe(n)
      }),
    )
    for (const bad of [5, '', '-0', '+1', '01', '1e3', ' 1', '0x10']) {
      expect(() => decodeBigInt(bad, 'n'), String(bad)).toThrow(DecodeError)
    }
  })

  it('bytes: standard padded base64, nil as null', () => {
    expect(encodeBytes(new Uint8Array([0xfb, 0xff]))).toBe('+/8=')
    expect(encodeBytes(new Uint8Array(0))).toBeNull()
    fc.assert(
      fc.property(fc.uint8Array(), (b) => {
        expect(decodeBytes(viaText(encodeBytes(b)), 'b')).toEqual(b)
      }),
    )
    expect(decodeBytes('', 'b')).toEqual(new Uint8Array(0))
    for (const bad of ['-_8', '+/8', 'a===', 7])
      expect(() => decodeBytes(bad, 'b'), String(bad)).toThrow(DecodeError)
  })

  it('address: the string with its network prefix, either prefix read', () => {
    fc.assert(
      fc.property(address, (a) => {
        expect(decodeAddress(viaText(encodeAddress(a)), 'a')).toEqual(a)
      }),
    )
    expect(decodeAddress('t01234', 'a').bytes).toEqual(parseAddress('f01234').bytes)
    expect(() => decodeAddress('x01', 'a')).toThrow(DecodeError)
  })

  it('signature: {"Type", "Data"}, unknown types refused', () => {
    fc.assert(
      fc.property(signature, (s) => {
        expect(decodeSignature(viaText(encodeSignature(s)), 's')).toEqual(s)
      }),
    )
    expect(() => decodeSignature({ Type: 4, Data: null }, 's')).toThrow(DecodeError)
  })

  it('bitfield: run lengths starting with zeros', () => {
    expect(encodeBitfieldJson([0, 2, 3])).toEqual([0, 1, 1, 2])
    expect(encodeBitfieldJson([])).toEqual([0])
    expect(encodeBitfieldJson([5])).toEqual([5, 1])
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(10_000)), (values) => {
        const sorted = [...values].sort((a, b) => a - b)
        expect(decodeBitfieldJson(viaText(encodeBitfieldJson(values)), 'b')).toEqual(sorted)
      }),
    )
    expect(() => decodeBitfieldJson([0, 2 ** 21], 'b')).toThrow(DecodeError)
    expect(() => decodeBitfieldJson([-1], 'b')).toThrow(DecodeError)
  })

  it('multiaddr: the binary form of every protocol a provider announces, both ways', () => {
    const samples = [
      '/ip4/127.0.0.1/tcp/24001',
      '/ip6/2001:db8::1/udp/4001/quic-v1',
      '/ip6/::/tcp/1',
      '/dns4/sp.example.com/tcp/443/wss',
      '/dns/sp.example.com/tcp/80/http',
      '/ip4/10.0.0.1/tcp/1/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf',
    ]
    for (const text of samples) expect(multiaddrToText(multiaddrToBytes(text))).toBe(text)
    expect(multiaddrToBytes('/ip4/1.2.3.4/tcp/80')).toEqual(new Uint8Array([4, 1, 2, 3, 4, 6, 0, 80]))
    for (const bad of ['ip4/1.2.3.4', '/ip4/1.2.3', '/tcp/70000', '/carrier-pigeon/1', '/ip4']) {
      expect(() => multiaddrToBytes(bad), bad).toThrow(DecodeError)
    }
    expect(() => multiaddrToText(new Uint8Array([4, 1, 2]))).toThrow(DecodeError)
    expect(() => multiaddrToText(new Uint8Array([0x99, 0x01]))).toThrow(DecodeError)
  })
})
