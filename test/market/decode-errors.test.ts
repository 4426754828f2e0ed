import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { DecodeError, type DecodeErrorReason } from '../../src/errors.ts'
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  decodeAskRequest,
  decodeClientDeal,
  decodeClientDealProposal,
  decodeDealProposal,
  decodeDealStatusRequest,
  decodeDealStatusResponse,
  decodeProposal,
  decodeResponse,
  encodeAskRequest,
  encodeDealProposal,
  encodeProposal,
  encodeResponse,
  parseAddress,
  type Response,
} from '../../src/market/index.ts'

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'))

function rejection(run: () => unknown): { reason: DecodeErrorReason; path: string } {
  try {
    run()
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error
    expect(error.code).toBe('ERR_DECODE')
    return { reason: error.reason, path: error.path }
  }
  throw new Error('expected a DecodeError')
}

const CID_A = CID.createV1(0x71, Digest.create(0x12, new Uint8Array(32).fill(1)))
const RESPONSE: Response = {
  State: 'StorageDealFailing',
  Message: 'no',
  Proposal: CID_A,
  PublishMessage: null,
}
const PROPOSAL = {
  PieceCID: CID_A,
  PieceSize: 128,
  VerifiedDeal: true,
  Client: parseAddress('f0100'),
  Provider: parseAddress('f0101'),
  Label: 'x',
  StartEpoch: -5,
  EndEpoch: 5,
  StoragePricePerEpoch: 1n,
  ProviderCollateral: -1n,
  ClientCollateral: 0n,
}

describe('decoder strictness', () => {
  it('names the field that failed, from the decoded type down', () => {
    const bytes = encodeProposal({
      DealProposal: {
        Proposal: { ...PROPOSAL, Label: 'ab' },
        ClientSignature: { Type: 1, Data: new Uint8Array(2) },
      },
      Piece: null,
      FastRetrieval: false,
    })
    // Replace the label text "ab" (62 61 62) by invalid UTF-8 (62 ff fe).
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x62, 0x61, 0x62]))
    bytes.set([0x62, 0xff, 0xfe], at)
    expect(rejection(() => decodeProposal(bytes))).toEqual({
      reason: 'invalid-utf8',
      path: 'Proposal.DealProposal.Proposal.Label',
    })
  })

  it('requires exact tuple lengths', () => {
    const bytes = encodeDealProposal(PROPOSAL)
    const short = Uint8Array.from(bytes)
    short[0] = 0x8a // array(10)
    expect(rejection(() => decodeDealProposal(short))).toMatchObject({
      reason: 'wrong-length',
      path: 'DealProposal',
    })
    expect(rejection(() => decodeClientDealProposal(hex('83 80 40 40')))).toMatchObject({
      reason: 'wrong-length',
    })
  })

  it('rejects wrong major types with the field path', () => {
    const bytes = encodeDealProposal(PROPOSAL)
    const i = bytes.indexOf(0xf5) // VerifiedDeal: true
    const changed = Uint8Array.from(bytes)
    changed[i] = 0x01
    expect(rejection(() => decodeDealProposal(changed))).toEqual({
      reason: 'wrong-type',
      path: 'DealProposal.VerifiedDeal',
    })
    expect(rejection(() => decodeResponse(hex('80')))).toMatchObject({
      reason: 'wrong-type',
      path: 'Response',
    })
  })

  it('rejects truncated input, trailing bytes and oversized input', () => {
    const bytes = encodeResponse(RESPONSE)
    for (let end = 0; end < bytes.length; end++) {
      expect(rejection(() => decodeResponse(bytes.subarray(0, end))).reason).toBe('truncated')
    }
    expect(rejection(() => decodeResponse(Uint8Array.of(...bytes, 0)))).toMatchObject({
      reason: 'trailing-bytes',
    })
    expect(rejection(() => decodeResponse(new Uint8Array(DEFAULT_MAX_MESSAGE_BYTES + 1)))).toMatchObject({
      reason: 'too-large',
    })
    expect(rejection(() => decodeResponse(bytes, { maxBytes: 10 }))).toMatchObject({ reason: 'too-large' })
    expect(rejection(() => decodeResponse('a4' as unknown as Uint8Array))).toMatchObject({
      reason: 'invalid-input',
    })
  })

  it('rejects non-shortest headers, indefinite lengths, floats, undefined and foreign tags', () => {
    expect(rejection(() => decodeResponse(hex('b8 00'))).reason).toBe('non-canonical') // map(0) in 2 bytes
    expect(rejection(() => decodeResponse(hex('bf ff'))).reason).toBe('indefinite-length')
    expect(rejection(() => decodeAskRequest(hex('a1 65 4d696e6572 f9 0000'))).reason).toBe('invalid-cbor')
    expect(rejection(() => decodeAskRequest(hex('a1 65 4d696e6572 f7'))).reason).toBe('invalid-cbor')
    expect(rejection(() => decodeAskRequest(hex('a1 65 4d696e6572 c1 00'))).reason).toBe('wrong-type')
    expect(rejection(() => decodeResponse(hex('a1 63 666f6f c1 00'))).reason).toBe('invalid-cbor') // skipped key
  })

  it('skips unknown keys, takes zero values for absent ones and requires the rest', () => {
    const bytes = encodeAskRequest({ Miner: parseAddress('f0100') })
    // Prepend an unknown key "Zz" with a nested value: a2 62 5a7a 82 01 a0, then the known entry.
    const withExtra = Uint8Array.of(0xa2, 0x62, 0x5a, 0x7a, 0x82, 0x01, 0xa0, ...bytes.subarray(1))
    expect(decodeAskRequest(withExtra).Miner.toString()).toBe('f0100')
    expect(rejection(() => decodeAskRequest(hex('a0')))).toEqual({
      reason: 'missing-field',
      path: 'AskRequest.Miner',
    })
    expect(decodeDealStatusResponse(hex('a1 69 5369676e6174757265 42 0101')).DealState).toEqual({
      State: 'StorageDealUnknown',
      Message: '',
      Proposal: null,
      ProposalCid: null,
      AddFundsCid: null,
      PublishCid: null,
      DealID: 0,
      FastRetrieval: false,
    })
  })

  it('rejects duplicate keys', () => {
    const bytes = hex('a2 65 4d696e6572 42 0064 65 4d696e6572 42 0064')
    expect(rejection(() => decodeAskRequest(bytes))).toEqual({
      reason: 'duplicate-key',
      path: 'AskRequest.Miner',
    })
  })

  it('rejects bad signatures, CIDs, amounts and statuses', () => {
    const cid = `d82a 5825 00 ${Buffer.from(CID_A.bytes).toString('hex')}`
    const request = (signature: string) =>
      hex(`a2 68 50726f706f73616c ${cid} 69 5369676e6174757265 ${signature}`)
    expect(decodeDealStatusRequest(request('42 0201')).Signature).toEqual({ Type: 2, Data: Uint8Array.of(1) })
    expect(rejection(() => decodeDealStatusRequest(request('40'))).reason).toBe('invalid-signature')
    expect(rejection(() => decodeDealStatusRequest(request('42 0401'))).reason).toBe('invalid-signature')
    expect(rejection(() => decodeDealStatusRequest(request('f6'))).reason).toBe('wrong-type')

    const withCid = (text: string) => hex(`a1 68 50726f706f73616c ${text}`)
    expect(rejection(() => decodeResponse(withCid('d82a 42 0100'))).reason).toBe('invalid-cid')
    expect(rejection(() => decodeResponse(withCid(`d82a 5825 01 ${cid.slice(-72)}`))).reason).toBe(
      'invalid-cid',
    )
    expect(rejection(() => decodeResponse(withCid('d82b 40'))).reason).toBe('invalid-cbor')

    const state = (code: string) => hex(`a2 65 5374617465 ${code} 68 50726f706f73616c ${cid}`)
    expect(decodeResponse(state('18 1e')).State).toBe('StorageDealTransferQueued')
    expect(rejection(() => decodeResponse(state('18 1f')))).toEqual({
      reason: 'unknown-status',
      path: 'Response.State',
    })

    const amount = (bytes: string) => {
      const encoded = encodeDealProposal(PROPOSAL)
      // ClientCollateral (zero) is the final byte, 0x40; replace it.
      return Uint8Array.of(...encoded.subarray(0, encoded.length - 1), ...hex(bytes))
    }
    expect(decodeDealProposal(amount('42 0105')).ClientCollateral).toBe(-5n)
    expect(rejection(() => decodeDealProposal(amount('43 000005'))).reason).toBe('non-canonical')
    expect(rejection(() => decodeDealProposal(amount('42 0205'))).reason).toBe('invalid-bigint')
    expect(rejection(() => decodeDealProposal(amount('41 00'))).reason).toBe('non-canonical')
  })

  it('rejects integers outside their field range', () => {
    const epoch = (text: string) => {
      const encoded = encodeDealProposal(PROPOSAL)
      const at = encoded.indexOf(0x24) // StartEpoch -5 is the single byte 0x24 (major 1, argument 4)
      return Uint8Array.of(...encoded.subarray(0, at), ...hex(text), ...encoded.subarray(at + 1))
    }
    expect(decodeDealProposal(epoch('3b 001ffffffffffffe')).StartEpoch).toBe(-(2 ** 53 - 1))
    expect(rejection(() => decodeDealProposal(epoch('3b 001fffffffffffff')))).toEqual({
      reason: 'out-of-range',
      path: 'DealProposal.StartEpoch',
    })
  })

  it('rejects records whose required proposal is missing', () => {
    expect(rejection(() => decodeClientDeal(hex('a0')))).toEqual({
      reason: 'missing-field',
      path: 'ClientDeal.ClientDealProposal',
    })
  })

  it('bounds nesting inside skipped values', () => {
    const deep = Uint8Array.of(0xa1, 0x61, 0x78, ...new Uint8Array(40).fill(0x81), 0x00)
    expect(rejection(() => decodeAskRequest(deep))).toMatchObject({
      reason: 'too-deep',
      path: 'AskRequest.x',
    })
  })

  it('rejects declared lengths larger than the input without allocating them', () => {
    expect(rejection(() => decodeResponse(hex('bb 7fffffffffffffff'))).reason).toBe('truncated')
    expect(rejection(() => decodeAskRequest(hex('a1 65 4d696e6572 5b 7fffffffffffffff'))).reason).toBe(
      'truncated',
    )
  })
})
