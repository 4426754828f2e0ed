/**
 * Golden vectors derived by hand from the go-fil-markets / go-state-types CBOR layouts
 * (interfaces.md §7). Each expected byte sequence is annotated with how it arises.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import {
  type AskResponse,
  bigIntToBytes,
  type ClientDealProposal,
  clientDealProposalCid,
  type DealProposal,
  decodeAskResponse,
  decodeClientDealProposal,
  decodeDealProposal,
  decodeSignedResponse,
  encodeAskResponse,
  encodeClientDealProposal,
  encodeDealLabel,
  encodeDealProposal,
  encodeResponse,
  encodeSignedResponse,
  parseAddress,
  type Response,
  type SignedResponse,
} from '../../src/market/index.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'))
const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte)

// Piece CID: v1, codec fil-commitment-unsealed (0xf101), multihash sha2-256-trunc254-padded (0x1012),
// digest 00 01 … 1f.
const DIGEST = Uint8Array.from({ length: 32 }, (_, i) => i)
const DIGEST_HEX = hex(DIGEST)
const PIECE_CID = CID.createV1(0xf101, Digest.create(0x1012, DIGEST))

const PROPOSAL: DealProposal = {
  PieceCID: PIECE_CID,
  PieceSize: 2048,
  VerifiedDeal: false,
  Client: parseAddress('f01234'),
  Provider: parseAddress('f01000'),
  Label: 'hello',
  StartEpoch: 100,
  EndEpoch: 600_000,
  StoragePricePerEpoch: 1000n,
  ProviderCollateral: 0n,
  ClientCollateral: 10n ** 18n,
}

const PROPOSAL_HEX = `
  8b                      -- array(11): the DealProposal tuple
  d8 2a 58 28 00          -- tag(42), bytes(40), identity multibase prefix 0x00
    01 81e203 9220 20     -- CIDv1; varint(0xf101) = 81 e2 03; varint(0x1012) = 92 20; digest length 32
    ${DIGEST_HEX}
  19 0800                 -- PieceSize: uint16 2048
  f4                      -- VerifiedDeal: false
  43 00 d209              -- Client f01234: bytes(3) = protocol 0, LEB128(1234) = d2 09
  43 00 e807              -- Provider f01000: protocol 0, LEB128(1000) = e8 07
  65 68656c6c6f           -- Label: text(5) "hello"
  18 64                   -- StartEpoch: uint8 100
  1a 000927c0             -- EndEpoch: uint32 600000
  43 00 03e8              -- StoragePricePerEpoch 1000: bytes(3) = sign 0x00 + magnitude 03 e8
  40                      -- ProviderCollateral 0: empty byte string
  49 00 0de0b6b3a7640000  -- ClientCollateral 10^18: sign 0x00 + 8-byte magnitude
`.replace(/--[^\n]*/g, '')

const SIGNED: ClientDealProposal = {
  Proposal: PROPOSAL,
  ClientSignature: { Type: 1, Data: filled(65, 0xaa) },
}

const SIGNED_HEX = `
  82                      -- array(2): [proposal, signature]
  ${PROPOSAL_HEX}
  58 42 01 ${'aa'.repeat(65)}  -- bytes(66): type byte 1 (secp256k1) + 65 data bytes
`.replace(/--[^\n]*/g, '')

// A dag-cbor CIDv1 with a sha2-256 digest of 32 × 0x01: 01 71 12 20 + digest.
const RESPONSE_CID = CID.createV1(0x71, Digest.create(0x12, filled(32, 1)))

const RESPONSE: Response = {
  State: 'StorageDealWaitingForData',
  Message: '',
  Proposal: RESPONSE_CID,
  PublishMessage: null,
}

const RESPONSE_HEX = `
  a4                                  -- map(4), keys shorter first then bytewise
  65 5374617465 12                    -- "State": 18 (StorageDealWaitingForData)
  67 4d657373616765 60                -- "Message": ""
  68 50726f706f73616c                 -- "Proposal":
     d8 2a 58 25 00 01711220 ${'01'.repeat(32)}  -- tag 42, bytes(37): 00 + CIDv1 dag-cbor sha2-256
  6e 5075626c6973684d657373616765 f6  -- "PublishMessage": null
`.replace(/--[^\n]*/g, '')

const SIGNED_RESPONSE: SignedResponse = { Response: RESPONSE, Signature: { Type: 2, Data: filled(96, 0xbb) } }

const SIGNED_RESPONSE_HEX = `
  a2                                  -- map(2)
  68 526573706f6e7365 ${RESPONSE_HEX} -- "Response" (8 letters) sorts before "Signature" (9)
  69 5369676e6174757265               -- "Signature":
     58 61 02 ${'bb'.repeat(96)}      -- bytes(97): type byte 2 (BLS) + 96 data bytes
`.replace(/--[^\n]*/g, '')

const ASK_RESPONSE: AskResponse = {
  Ask: {
    Ask: {
      Price: 500_000_000n,
      VerifiedPrice: 50_000_000n,
      MinPieceSize: 256,
      MaxPieceSize: 1 << 20,
      Miner: parseAddress('f01000'),
      Timestamp: 100,
      Expiry: 1_000_100,
      SeqNo: 0,
    },
    Signature: { Type: 1, Data: filled(65, 0xcc) },
  },
}

const ASK_RESPONSE_HEX = `
  a1 63 41736b                          -- AskResponse map(1), "Ask":
  a2 63 41736b                          -- SignedStorageAsk map(2), "Ask":
  a8                                    -- StorageAsk map(8), canonical key order:
  65 4d696e6572 43 00e807               -- "Miner": f01000
  65 5072696365 45 001dcd6500           -- "Price": 500000000 = 0x1dcd6500, sign byte 00
  65 5365714e6f 00                      -- "SeqNo": 0
  66 457870697279 1a 000f42a4           -- "Expiry": 1000100 = 0x0f42a4
  69 54696d657374616d70 18 64           -- "Timestamp": 100
  6c 4d61785069656365 53697a65 1a 00100000 -- "MaxPieceSize": 1 MiB ("Max" < "Min" bytewise)
  6c 4d696e5069656365 53697a65 19 0100  -- "MinPieceSize": 256
  6d 566572696669656450726963 65 45 0002faf080 -- "VerifiedPrice": 50000000 = 0x02faf080
  69 5369676e6174757265 58 42 01 ${'cc'.repeat(65)} -- "Signature": type 1 + 65 bytes
`.replace(/--[^\n]*/g, '')

describe('golden vectors', () => {
  it('DealProposal encodes as the 11-element tuple and decodes back', () => {
    expect(hex(encodeDealProposal(PROPOSAL))).toBe(hex(fromHex(PROPOSAL_HEX)))
    expect(decodeDealProposal(fromHex(PROPOSAL_HEX))).toEqual(PROPOSAL)
  })

  it('ClientDealProposal encodes as [proposal, type-prefixed signature]', () => {
    expect(hex(encodeClientDealProposal(SIGNED))).toBe(hex(fromHex(SIGNED_HEX)))
    expect(decodeClientDealProposal(fromHex(SIGNED_HEX))).toEqual(SIGNED)
  })

  it('the proposal CID is CIDv1 dag-cbor over the sha2-256 of the signed tuple', async () => {
    const digest = createHash('sha256').update(fromHex(SIGNED_HEX)).digest()
    // 01 = CIDv1, 71 = dag-cbor, 12 20 = sha2-256 with a 32-byte digest.
    const expected = CID.decode(new Uint8Array([0x01, 0x71, 0x12, 0x20, ...digest]))
    const cid = await clientDealProposalCid(SIGNED)
    expect(cid.equals(expected)).toBe(true)
    expect(cid.toString()).toMatch(/^bafyrei/)
  })

  it('the proposal CID covers the signature and the label kind', async () => {
    const base = await clientDealProposalCid(SIGNED)
    const resigned = { ...SIGNED, ClientSignature: { Type: 1 as const, Data: filled(65, 0xab) } }
    expect((await clientDealProposalCid(resigned)).equals(base)).toBe(false)
    const bytesLabel = { ...SIGNED, Proposal: { ...PROPOSAL, Label: new TextEncoder().encode('hello') } }
    expect((await clientDealProposalCid(bytesLabel)).equals(base)).toBe(false)
    expect((await clientDealProposalCid(decodeClientDealProposal(fromHex(SIGNED_HEX)))).equals(base)).toBe(
      true,
    )
  })

  it('DealLabel items: text for strings, bytes for byte labels', () => {
    expect(hex(encodeDealLabel(''))).toBe('60') // text(0)
    expect(hex(encodeDealLabel('hello'))).toBe('6568656c6c6f') // text(5) "hello"
    expect(hex(encodeDealLabel('é'))).toBe('62c3a9') // text(2): é is c3 a9 in UTF-8
    expect(hex(encodeDealLabel(new Uint8Array(0)))).toBe('40') // bytes(0)
    expect(hex(encodeDealLabel(Uint8Array.of(1, 2, 3)))).toBe('43010203') // bytes(3)
  })

  it('big-int amounts: sign byte then big-endian magnitude, zero as no bytes', () => {
    expect(hex(bigIntToBytes(0n))).toBe('')
    expect(hex(bigIntToBytes(500_000_000n))).toBe('001dcd6500') // 0x1dcd6500
    expect(hex(bigIntToBytes(-256n))).toBe('010100') // sign 01, magnitude 01 00
    expect(hex(bigIntToBytes(255n))).toBe('00ff')
  })

  it('Response and SignedResponse encode as maps in canonical key order', () => {
    expect(hex(encodeResponse(RESPONSE))).toBe(hex(fromHex(RESPONSE_HEX)))
    expect(hex(encodeSignedResponse(SIGNED_RESPONSE))).toBe(hex(fromHex(SIGNED_RESPONSE_HEX)))
    expect(decodeSignedResponse(fromHex(SIGNED_RESPONSE_HEX))).toEqual(SIGNED_RESPONSE)
  })

  it('AskResponse nests SignedStorageAsk and StorageAsk maps', () => {
    expect(hex(encodeAskResponse(ASK_RESPONSE))).toBe(hex(fromHex(ASK_RESPONSE_HEX)))
    expect(decodeAskResponse(fromHex(ASK_RESPONSE_HEX))).toEqual(ASK_RESPONSE)
  })
})
