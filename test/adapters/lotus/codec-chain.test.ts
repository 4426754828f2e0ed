import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addBalanceMessage,
  type ChainMessage,
  publishStorageDealsMessage,
  sendMessage,
  type TipSet,
  withdrawBalanceMessage,
} from '../../../src/adapters/chain.ts'
import {
  decodePublishReturn,
  decodePublishReturnJson,
  encodePublishReturn,
} from '../../../src/adapters/lotus/cbor/publish-return.ts'
import {
  decodeMessage,
  decodeSignedMessage,
  encodeMessage,
  encodeSignedMessage,
} from '../../../src/adapters/lotus/json/message.ts'
import {
  decodeMsgLookup,
  decodeReceipt,
  encodeMsgLookup,
  encodeReceipt,
} from '../../../src/adapters/lotus/json/receipt.ts'
import { encodeSignature } from '../../../src/adapters/lotus/json/signature.ts'
import { parseJson, stringifyJson } from '../../../src/adapters/lotus/json/text.ts'
import {
  decodeHeadChange,
  decodeTipSet,
  decodeTipSetKey,
  encodeHeadChange,
  encodeTipSet,
  encodeTipSetKey,
} from '../../../src/adapters/lotus/json/tipset.ts'
import { DecodeError } from '../../../src/errors.ts'
import { idAddress } from '../../../src/market/index.ts'
import { address, cid, clientDealProposal, signature } from '../../market/arbitraries.ts'

const viaText = (value: unknown) => parseJson(stringifyJson(value))

const tipSet: fc.Arbitrary<TipSet> = fc.record({
  key: fc.array(cid, { minLength: 1, maxLength: 3 }),
  height: fc.maxSafeNat(),
  parents: fc.array(cid, { maxLength: 3 }),
  timestamp: fc.nat(),
})

const amount = fc.bigInt({ min: 0n, max: 2n ** 80n })
const ids = fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 5 })

/** Every message kind a market node sends, with arbitrary contents. */
const message: fc.Arbitrary<ChainMessage> = fc.oneof(
  fc.tuple(address, address, amount).map(([from, to, value]) => sendMessage(from, to, value)),
  fc.tuple(address, address, amount).map(([from, to, value]) => addBalanceMessage(from, to, value)),
  fc.tuple(address, address, amount).map(([from, to, value]) => withdrawBalanceMessage(from, to, value)),
  fc
    .tuple(address, fc.array(clientDealProposal, { maxLength: 3 }))
    .map(([from, deals]) => publishStorageDealsMessage(from, deals)),
  fc.record({
    kind: fc.constant('PreCommitSector' as const),
    from: address,
    to: fc.constant(idAddress(1000)),
    value: fc.constant(0n),
    params: fc.record({
      sectorNumber: fc.bigInt({ min: 0n, max: 2n ** 63n }),
      sealedCid: cid,
      dealIds: ids,
      expiration: fc.maxSafeNat(),
    }),
  }),
  fc.record({
    kind: fc.constant('ProveCommitSector' as const),
    from: address,
    to: fc.constant(idAddress(1000)),
    value: fc.constant(0n),
    params: fc.record({ sectorNumber: fc.bigInt({ min: 0n, max: 2n ** 63n }) }),
  }),
  fc.record({
    kind: fc.constant('TerminateSectors' as const),
    from: address,
    to: fc.constant(idAddress(1000)),
    value: fc.constant(0n),
    params: fc.record({
      sectorNumbers: fc
        .uniqueArray(fc.nat(10_000), { maxLength: 5 })
        .map((n) => n.sort((a, b) => a - b).map(BigInt)),
    }),
  }),
)

describe('Lotus JSON chain codecs', () => {
  it('tipset key: an array of CIDs, [] for the head, null read as []', () => {
    fc.assert(
      fc.property(fc.array(cid, { maxLength: 4 }), (key) => {
        expect(decodeTipSetKey(viaText(encodeTipSetKey(key)), 'k')).toEqual(key)
      }),
    )
    expect(encodeTipSetKey([])).toEqual([])
    expect(decodeTipSetKey(null, 'k')).toEqual([])
  })

  it("tipset and head change: Cids, Height and the first block's Parents and Timestamp", () => {
    fc.assert(
      fc.property(tipSet, fc.constantFrom('current', 'apply', 'revert' as const), (t, type) => {
        expect(decodeTipSet(viaText(encodeTipSet(t)), 't')).toEqual(t)
        expect(decodeHeadChange(viaText(encodeHeadChange({ type, tipSet: t })), 'h')).toEqual({
          type,
          tipSet: t,
        })
      }),
    )
    expect(() => decodeHeadChange({ Type: 'sideways', Val: null }, 'h')).toThrow(DecodeError)
    expect(() => decodeTipSet({ Cids: [], Blocks: [], Height: 1 }, 't')).toThrow(DecodeError)
  })

  it('receipt: exit code, base64 return, gas; EventsRoot optional', () => {
    const receipt = { exitCode: 16, returnValue: new Uint8Array([1, 2]), gasUsed: 2n ** 60n }
    expect(decodeReceipt(viaText(encodeReceipt(receipt)), 'r')).toEqual(receipt)
    expect(decodeReceipt({ ExitCode: 0, Return: null, GasUsed: 5 }, 'r')).toEqual({
      exitCode: 0,
      returnValue: new Uint8Array(0),
      gasUsed: 5n,
    })
  })

  it('MsgLookup: message, receipt, execution tipset and height; ReturnDec only where asked', () => {
    fc.assert(
      fc.property(
        cid,
        fc.array(cid, { minLength: 1, maxLength: 2 }),
        fc.maxSafeNat(),
        ids,
        (message, key, height, dealIds) => {
          const returnDec = { ids: dealIds, validDeals: dealIds.map((_, i) => 2 * i) }
          const lookup = {
            message,
            receipt: { exitCode: 0, returnValue: encodePublishReturn(returnDec), gasUsed: 1n },
            returnDec,
            tipSet: key,
            height,
          }
          const waited = decodeMsgLookup(viaText(encodeMsgLookup(lookup, true)), 'l')
          expect(waited.lookup).toEqual({ ...lookup, returnDec: undefined })
          expect(decodePublishReturnJson(waited.returnDec, 'ReturnDec')).toEqual(returnDec)
          expect(decodeMsgLookup(viaText(encodeMsgLookup(lookup, false)), 'l').returnDec).toBeNull()
        },
      ),
    )
  })

  it('message: every kind round-trips through its Lotus JSON and CBOR params', () => {
    fc.assert(
      fc.property(message, fc.nat(), (m, nonce) => {
        expect(decodeMessage(viaText(encodeMessage(m, nonce)), 'm')).toEqual({ message: m, nonce })
      }),
    )
  })

  it('signed message: the message, its signature and the CID to wait for', () => {
    fc.assert(
      fc.property(message, signature, cid, (m, s, c) => {
        const signed = { cid: c, message: m, nonce: 3 }
        expect(decodeSignedMessage(viaText(encodeSignedMessage(signed, encodeSignature(s))), 's')).toEqual(
          signed,
        )
      }),
    )
  })

  it('message: a method a market node does not send is refused, not guessed', () => {
    const json = encodeMessage(sendMessage(idAddress(100), idAddress(5), 0n))
    expect(() => decodeMessage({ ...json, Method: 9 }, 'm')).toThrow(DecodeError)
    expect(() => decodeMessage({ ...json, To: 'f01000', Method: 4 }, 'm')).toThrow(DecodeError)
    expect(() => decodeMessage({ ...json, Method: 4, Params: 'oA==' }, 'm')).toThrow(DecodeError)
  })

  it('publish return: [IDs, ValidDeals] since actors v6, [IDs] before; the counts must agree', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(64), { maxLength: 10 }), (valid) => {
        const validDeals = [...valid].sort((a, b) => a - b)
        const value = { ids: validDeals.map((i) => BigInt(100 + i)), validDeals }
        expect(decodePublishReturn(encodePublishReturn(value))).toEqual(value)
      }),
    )
    const legacy = new Uint8Array([0x81, 0x82, 0x18, 0x64, 0x18, 0x65])
    expect(decodePublishReturn(legacy)).toEqual({ ids: [100n, 101n], validDeals: [0, 1] })
    const mismatch = encodePublishReturn({ ids: [1n], validDeals: [0, 1] })
    expect(() => decodePublishReturn(mismatch)).toThrow(DecodeError)
    expect(() => decodePublishReturn(new Uint8Array([0x83, 0x80, 0x40, 0x00]))).toThrow(DecodeError)
  })
})
