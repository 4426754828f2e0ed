/**
 * Golden vectors of Boost's mk/1.2 messages, derived by hand from the cbor-gen map layouts
 * (boost-mk12.md §4, §5): keys are the Go field names, emitted shorter first and then bytewise;
 * nested go-state-types values keep their tuple encodings. Each byte sequence is annotated.
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import {
  type ClientDealProposal,
  type DealParams,
  type DealProposal,
  type DealResponse,
  decodeDealParams,
  decodeDealResponse,
  decodeHttpRequest,
  decodeMk12DealStatus,
  decodeMk12DealStatusRequest,
  decodeMk12DealStatusResponse,
  decodeTransfer,
  encodeDealParams,
  encodeDealParamsV120,
  encodeDealResponse,
  encodeHttpRequest,
  encodeMk12DealStatus,
  encodeMk12DealStatusRequest,
  encodeMk12DealStatusResponse,
  encodeTransfer,
  formatDealUuid,
  type Mk12DealStatus,
  type Mk12DealStatusRequest,
  type Mk12DealStatusResponse,
  parseAddress,
  parseDealUuid,
  type Transfer,
} from '../../../src/market/index.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const fromHex = (text: string) =>
  new Uint8Array(Buffer.from(text.replace(/--[^\n]*/g, '').replace(/\s+/g, ''), 'hex'))
const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte)
const utf8 = (text: string) => new TextEncoder().encode(text)

// ── Shared parts ─────────────────────────────────────────────────────────────────────────────

const UUID_TEXT = '8c0e7d2e-1f4a-4b6c-9d8e-0a1b2c3d4e5f'
const UUID = parseDealUuid(UUID_TEXT)
const UUID_HEX = '50 8c0e7d2e1f4a4b6c9d8e0a1b2c3d4e5f -- bytes(16): the raw RFC 4122 bytes'

// Piece CID: v1, fil-commitment-unsealed (0xf101), sha2-256-trunc254-padded (0x1012), digest 00…1f.
const DIGEST = Uint8Array.from({ length: 32 }, (_, i) => i)
const PIECE_CID = CID.createV1(0xf101, Digest.create(0x1012, DIGEST))

// Payload root: v1 dag-cbor (0x71) sha2-256 (0x12) of 32 × 0x11.
const ROOT = CID.createV1(0x71, Digest.create(0x12, filled(32, 0x11)))
const ROOT_HEX = `d8 2a 58 25 00 01 71 12 20 ${'11'.repeat(32)} -- tag 42, bytes(37): 00 + CIDv1 dag-cbor sha2-256`

// Signed proposal CID as a provider reports it: v1 dag-cbor sha2-256 of 32 × 0x22.
const SIGNED_CID = CID.createV1(0x71, Digest.create(0x12, filled(32, 0x22)))
const SIGNED_CID_HEX = `d8 2a 58 25 00 01 71 12 20 ${'22'.repeat(32)}`

// Publish message CID: v1 dag-cbor blake2b-256 (0xb220 → varint a0 e4 02) of 32 × 0x33.
const PUBLISH_CID = CID.createV1(0x71, Digest.create(0xb220, filled(32, 0x33)))
const PUBLISH_CID_HEX = `d8 2a 58 27 00 01 71 a0e402 20 ${'33'.repeat(32)} -- tag 42, bytes(39)`

const PROPOSAL: DealProposal = {
  PieceCID: PIECE_CID,
  PieceSize: 2048,
  VerifiedDeal: true,
  Client: parseAddress('f01234'),
  Provider: parseAddress('f01000'),
  Label: 'hello',
  StartEpoch: 100,
  EndEpoch: 600_000,
  StoragePricePerEpoch: 1000n,
  ProviderCollateral: 0n,
  ClientCollateral: 0n,
}

const PROPOSAL_HEX = `
  8b                      -- array(11): the DealProposal tuple
  d8 2a 58 28 00 01 81e203 9220 20 ${hex(DIGEST)} -- PieceCID: tag 42, bytes(40); varints f101, 1012
  19 0800                 -- PieceSize 2048
  f5                      -- VerifiedDeal true
  43 00 d209              -- Client f01234: protocol 0, LEB128(1234)
  43 00 e807              -- Provider f01000
  65 68656c6c6f           -- Label "hello"
  18 64                   -- StartEpoch 100
  1a 000927c0             -- EndEpoch 600000
  43 00 03e8              -- StoragePricePerEpoch 1000: sign 00 + 03 e8
  40                      -- ProviderCollateral 0: empty bytes
  40                      -- ClientCollateral 0
`

const SIGNED: ClientDealProposal = {
  Proposal: PROPOSAL,
  ClientSignature: { Type: 1, Data: filled(65, 0xaa) },
}
const SIGNED_HEX = `
  82 ${PROPOSAL_HEX}      -- array(2): [proposal, signature]
  58 42 01 ${'aa'.repeat(65)} -- bytes(66): type 1 (secp256k1) + 65 bytes
`

// ── HttpRequest JSON and Transfer ────────────────────────────────────────────────────────────

const HTTP_JSON = '{"URL":"http://127.0.0.1:8080/deal.car","Headers":{"Authorization":"Bearer abc"}}'
const HTTP_PARAMS = utf8(HTTP_JSON) // 81 bytes

const TRANSFER: Transfer = { Type: 'http', ClientID: 'deal-1', Params: HTTP_PARAMS, Size: 1_000_000 }
const TRANSFER_HEX = `
  a4                      -- map(4); keys Size, Type (4 letters, S < T), Params (6), ClientID (8)
  64 53697a65 1a 000f4240 -- "Size": 1000000 = 0x0f4240 (uint32)
  64 54797065 64 68747470 -- "Type": "http"
  66 506172616d73 58 51 ${hex(HTTP_PARAMS)} -- "Params": bytes(81) of JSON
  68 436c69656e744944 66 6465616c2d31 -- "ClientID": "deal-1"
`

const OFFLINE_TRANSFER: Transfer = { Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 }
const OFFLINE_TRANSFER_HEX = `
  a4 64 53697a65 00 64 54797065 60 -- Size 0, Type ""
  66 506172616d73 40              -- Params: empty byte string (0x40)
  68 436c69656e744944 60          -- ClientID ""
`

// ── DealParams ───────────────────────────────────────────────────────────────────────────────

const PARAMS: DealParams = {
  DealUUID: UUID,
  IsOffline: false,
  ClientDealProposal: SIGNED,
  DealDataRoot: ROOT,
  Transfer: TRANSFER,
  RemoveUnsealedCopy: true,
  SkipIPNIAnnounce: false,
}

const PARAMS_HEX = `
  a7                                     -- map(7)
  68 4465616c55554944 ${UUID_HEX}        -- "DealUUID" (8, D < T)
  68 5472616e73666572 ${TRANSFER_HEX}    -- "Transfer" (8)
  69 49734f66666c696e65 f4               -- "IsOffline" (9): false
  6c 4465616c44617461526f6f74 ${ROOT_HEX} -- "DealDataRoot" (12)
  70 536b697049504e49416e6e6f756e6365 f4 -- "SkipIPNIAnnounce" (16): false
  72 436c69656e744465616c50726f706f73616c ${SIGNED_HEX} -- "ClientDealProposal" (18, C < R)
  72 52656d6f7665556e7365616c6564436f7079 f5 -- "RemoveUnsealedCopy" (18): true
`

const PARAMS_V120_HEX = `
  a5                                     -- map(5): the 1.2.0 form, no 1.2.1 flags
  68 4465616c55554944 ${UUID_HEX}
  68 5472616e73666572 ${OFFLINE_TRANSFER_HEX}
  69 49734f66666c696e65 f5               -- IsOffline: true
  6c 4465616c44617461526f6f74 ${ROOT_HEX}
  72 436c69656e744465616c50726f706f73616c ${SIGNED_HEX}
`

// ── Responses and status ─────────────────────────────────────────────────────────────────────

const ACCEPTED_HEX = 'a2 67 4d657373616765 60 68 4163636570746564 f5' // boost-mk12.md §5.4 example
const REJECTED: DealResponse = { Accepted: false, Message: 'failed validation: proposal PieceCID undefined' }
const REJECTED_HEX = `
  a2 67 4d657373616765 78 2e ${hex(utf8(REJECTED.Message))} -- "Message": text(46)
  68 4163636570746564 f4                 -- "Accepted": false
`

const STATUS_REQUEST: Mk12DealStatusRequest = {
  DealUUID: UUID,
  Signature: { Type: 2, Data: filled(96, 0xbb) },
}
const STATUS_REQUEST_HEX = `
  a2 68 4465616c55554944 ${UUID_HEX}     -- map(2), "DealUUID"
  69 5369676e6174757265 58 61 02 ${'bb'.repeat(96)} -- "Signature": bytes(97), type 2 (BLS)
`

const STATUS: Mk12DealStatus = {
  Error: '',
  Status: 'PublishConfirmed',
  SealingStatus: 'WaitDeals',
  Proposal: PROPOSAL,
  SignedProposalCid: SIGNED_CID,
  PublishCid: PUBLISH_CID,
  ChainDealID: 70_000,
}
const STATUS_HEX = `
  a7                                     -- map(7)
  65 4572726f72 60                       -- "Error" (5): ""
  66 537461747573 70 5075626c697368436f6e6669726d6564 -- "Status" (6): "PublishConfirmed"
  68 50726f706f73616c ${PROPOSAL_HEX}    -- "Proposal" (8): the 11-tuple
  6a 5075626c697368436964 ${PUBLISH_CID_HEX} -- "PublishCid" (10)
  6b 436861696e4465616c4944 1a 00011170  -- "ChainDealID" (11): 70000 = 0x011170
  6d 5365616c696e67537461747573 69 576169744465616c73 -- "SealingStatus" (13): "WaitDeals"
  71 5369676e656450726f706f73616c436964 ${SIGNED_CID_HEX} -- "SignedProposalCid" (17)
`

const STATUS_RESPONSE: Mk12DealStatusResponse = {
  DealUUID: UUID,
  Error: '',
  DealStatus: STATUS,
  IsOffline: false,
  TransferSize: 1_000_000,
  NBytesReceived: 0,
}
const STATUS_RESPONSE_HEX = `
  a6                                     -- map(6)
  65 4572726f72 60                       -- "Error" (5): ""
  68 4465616c55554944 ${UUID_HEX}        -- "DealUUID" (8)
  69 49734f66666c696e65 f4               -- "IsOffline" (9)
  6a 4465616c537461747573 ${STATUS_HEX}  -- "DealStatus" (10)
  6c 5472616e7366657253697a65 1a 000f4240 -- "TransferSize" (12): 1000000
  6e 4e42797465735265636569766564 00     -- "NBytesReceived" (14): 0
`

const NOT_FOUND = `no storage deal found with deal UUID ${UUID_TEXT}`
const ERROR_RESPONSE: Mk12DealStatusResponse = {
  DealUUID: UUID,
  Error: NOT_FOUND,
  DealStatus: null,
  IsOffline: false,
  TransferSize: 0,
  NBytesReceived: 0,
}
const ERROR_RESPONSE_HEX = `
  a6 65 4572726f72 78 49 ${hex(utf8(NOT_FOUND))} -- "Error": text(73)
  68 4465616c55554944 ${UUID_HEX}
  69 49734f66666c696e65 f4
  6a 4465616c537461747573 f6             -- "DealStatus": null
  6c 5472616e7366657253697a65 00
  6e 4e42797465735265636569766564 00
`

describe('mk/1.2 golden vectors', () => {
  it('deal UUIDs: 16 raw bytes, RFC 4122 text form', () => {
    expect(hex(UUID)).toBe('8c0e7d2e1f4a4b6c9d8e0a1b2c3d4e5f')
    expect(formatDealUuid(UUID)).toBe(UUID_TEXT)
    expect(formatDealUuid(parseDealUuid(UUID_TEXT.toUpperCase()))).toBe(UUID_TEXT)
    expect(formatDealUuid(parseDealUuid(`urn:uuid:${UUID_TEXT}`))).toBe(UUID_TEXT)
    expect(formatDealUuid(parseDealUuid(`{${UUID_TEXT}}`))).toBe(UUID_TEXT)
    expect(formatDealUuid(parseDealUuid('8c0e7d2e1f4a4b6c9d8e0a1b2c3d4e5f'))).toBe(UUID_TEXT)
  })

  it('HttpRequest params: Go encoding/json bytes', () => {
    expect(
      new TextDecoder().decode(
        encodeHttpRequest({
          URL: 'http://127.0.0.1:8080/deal.car',
          Headers: { Authorization: 'Bearer abc' },
        }),
      ),
    ).toBe(HTTP_JSON)
    expect(new TextDecoder().decode(encodeHttpRequest({ URL: 'https://x/a?b=1&c=<2>', Headers: null }))).toBe(
      '{"URL":"https://x/a?b=1\\u0026c=\\u003c2\\u003e","Headers":null}',
    )
    // Map keys sorted bytewise; control characters and U+2028 escaped as Go does.
    expect(
      new TextDecoder().decode(encodeHttpRequest({ URL: 'u', Headers: { b: '\u2028', B: 'x\u0001\n' } })),
    ).toBe('{"URL":"u","Headers":{"B":"x\\u0001\\n","b":"\\u2028"}}')
    expect(decodeHttpRequest(HTTP_PARAMS)).toEqual({
      URL: 'http://127.0.0.1:8080/deal.car',
      Headers: { Authorization: 'Bearer abc' },
    })
    // Go matches keys case-insensitively, skips unknown keys, and reads an absent map as nil.
    expect(decodeHttpRequest(utf8('{"url":"http://a","Other":1}'))).toEqual({
      URL: 'http://a',
      Headers: null,
    })
  })

  it('Transfer: map of 4, and the zero (offline) transfer', () => {
    expect(hex(encodeTransfer(TRANSFER))).toBe(hex(fromHex(TRANSFER_HEX)))
    expect(decodeTransfer(fromHex(TRANSFER_HEX))).toEqual(TRANSFER)
    expect(hex(encodeTransfer(OFFLINE_TRANSFER))).toBe(hex(fromHex(OFFLINE_TRANSFER_HEX)))
    expect(decodeTransfer(fromHex(OFFLINE_TRANSFER_HEX))).toEqual(OFFLINE_TRANSFER)
  })

  it('DealParams: map of 7 in canonical key order', () => {
    expect(hex(encodeDealParams(PARAMS))).toBe(hex(fromHex(PARAMS_HEX)))
    expect(decodeDealParams(fromHex(PARAMS_HEX))).toEqual(PARAMS)
  })

  it('DealParamsV120: map of 5; a reader sees both 1.2.1 flags as false', () => {
    const offline: DealParams = { ...PARAMS, IsOffline: true, Transfer: OFFLINE_TRANSFER }
    expect(hex(encodeDealParamsV120(offline))).toBe(hex(fromHex(PARAMS_V120_HEX)))
    expect(decodeDealParams(fromHex(PARAMS_V120_HEX))).toEqual({ ...offline, RemoveUnsealedCopy: false })
  })

  it('DealResponse: map of 2, keys Message then Accepted', () => {
    expect(hex(encodeDealResponse({ Accepted: true, Message: '' }))).toBe(hex(fromHex(ACCEPTED_HEX)))
    expect(decodeDealResponse(fromHex(ACCEPTED_HEX))).toEqual({ Accepted: true, Message: '' })
    expect(hex(encodeDealResponse(REJECTED))).toBe(hex(fromHex(REJECTED_HEX)))
    expect(decodeDealResponse(fromHex(REJECTED_HEX))).toEqual(REJECTED)
  })

  it('DealStatusRequest: UUID and signature', () => {
    expect(hex(encodeMk12DealStatusRequest(STATUS_REQUEST))).toBe(hex(fromHex(STATUS_REQUEST_HEX)))
    expect(decodeMk12DealStatusRequest(fromHex(STATUS_REQUEST_HEX))).toEqual(STATUS_REQUEST)
  })

  it('DealStatus: map of 7 with the proposal tuple', () => {
    expect(hex(encodeMk12DealStatus(STATUS))).toBe(hex(fromHex(STATUS_HEX)))
    expect(decodeMk12DealStatus(fromHex(STATUS_HEX))).toEqual(STATUS)
  })

  it('DealStatusResponse: map of 6, with a status and as a failed query', () => {
    expect(hex(encodeMk12DealStatusResponse(STATUS_RESPONSE))).toBe(hex(fromHex(STATUS_RESPONSE_HEX)))
    expect(decodeMk12DealStatusResponse(fromHex(STATUS_RESPONSE_HEX))).toEqual(STATUS_RESPONSE)
    expect(hex(encodeMk12DealStatusResponse(ERROR_RESPONSE))).toBe(hex(fromHex(ERROR_RESPONSE_HEX)))
    expect(decodeMk12DealStatusResponse(fromHex(ERROR_RESPONSE_HEX))).toEqual(ERROR_RESPONSE)
  })
})
