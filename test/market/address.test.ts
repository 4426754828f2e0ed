import { describe, expect, it } from 'vitest'
import { InvalidAddressError } from '../../src/errors.ts'
import {
  addressEquals,
  addressFromBytes,
  decodeAskRequest,
  encodeAskRequest,
  idAddress,
  MemoryWallet,
  parseAddress,
} from '../../src/market/index.ts'

describe('addresses', () => {
  it('parses ID addresses and writes their LEB128 byte form', () => {
    const address = parseAddress('f01234')
    expect(address.protocol).toBe(0)
    expect(address.bytes).toEqual(Uint8Array.of(0, 0xd2, 0x09))
    expect(address.toString()).toBe('f01234')
    expect(parseAddress('t0100').toString()).toBe('t0100')
    expect(parseAddress('f0007').toString()).toBe('f07')
    expect(idAddress(2n ** 63n - 1n).toString()).toBe('f09223372036854775807')
  })

  it('round-trips key addresses of every protocol through string and bytes', () => {
    const wallet = new MemoryWallet({ network: 'testnet' })
    for (const address of [wallet.generateKey('secp256k1'), wallet.generateKey('bls')]) {
      const text = address.toString()
      expect(text.startsWith('t1') || text.startsWith('t3')).toBe(true)
      expect(parseAddress(text).bytes).toEqual(address.bytes)
      expect(addressFromBytes(address.bytes, 'testnet').toString()).toBe(text)
    }
    const f4 = parseAddress('f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa')
    expect(f4.protocol).toBe(4)
    expect(addressFromBytes(f4.bytes).toString()).toBe('f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa')
  })

  it('compares by bytes, whatever the network of the string form', () => {
    expect(addressEquals(parseAddress('f01000'), parseAddress('t01000'))).toBe(true)
    expect(addressEquals(parseAddress('f01000'), parseAddress('f01001'))).toBe(false)
  })

  it('rejects what go-address rejects', () => {
    const bad = [
      '',
      'f0',
      'x01234',
      'f5abc',
      'f0abc',
      'f0-1',
      'f00x10',
      'f09223372036854775808', // 2^63
      'f1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFG',
      'f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxb', // checksum
      'F410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa',
    ]
    for (const text of bad) expect(() => parseAddress(text), text).toThrow(InvalidAddressError)
    const upper = new MemoryWallet().generateKey('secp256k1').toString().toUpperCase().replace(/^F/, 'f')
    expect(() => parseAddress(upper)).toThrow(InvalidAddressError)
  })

  it('rejects malformed byte forms', () => {
    const bad = [
      [],
      [5, 1],
      [0], // no ID
      [0, 0x80], // unterminated LEB128
      [0, 0x80, 0x00], // non-shortest LEB128
      [0, 1, 2], // trailing byte
      [0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // above 2^63 - 1
      [1, ...new Uint8Array(19)],
      [3, ...new Uint8Array(47)],
      [4, 10], // empty sub-address
      [4, 0x8a, 0x00, 1], // non-shortest namespace
    ]
    for (const bytes of bad)
      expect(() => addressFromBytes(Uint8Array.from(bytes)), String(bytes)).toThrow(InvalidAddressError)
  })

  it('decoders give addresses the network asked for', () => {
    const bytes = encodeAskRequest({ Miner: parseAddress('f01000') })
    expect(decodeAskRequest(bytes).Miner.toString()).toBe('f01000')
    expect(decodeAskRequest(bytes, { network: 'testnet' }).Miner.toString()).toBe('t01000')
  })
})
