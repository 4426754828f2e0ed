/**
 * The mk/1.2 encoder/decoder pairs with arbitraries of valid values, for the property and fuzz tests.
 */
import fc from 'fast-check'
import * as M from '../../../src/market/index.ts'
import * as A from '../arbitraries.ts'
import type { CodecCase } from '../codecs.ts'

const safeUint = fc.oneof(fc.nat(100_000), fc.maxSafeNat())

export const dealUuid = fc.uint8Array({ minLength: 16, maxLength: 16 })

export const httpRequest: fc.Arbitrary<M.HttpRequest> = fc.record({
  URL: fc.oneof(fc.webUrl(), fc.string({ unit: 'grapheme', maxLength: 40 })),
  Headers: fc.option(
    fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 20 })),
    {
      nil: null,
    },
  ),
})

export const transfer: fc.Arbitrary<M.Transfer> = fc.record({
  Type: fc.oneof(fc.constantFrom('http', 'libp2p', ''), A.goString),
  ClientID: A.goString,
  Params: fc.oneof(httpRequest.map(M.encodeHttpRequest), fc.uint8Array({ maxLength: 120 })),
  Size: safeUint,
})

export const dealParams: fc.Arbitrary<M.DealParams> = fc.record({
  DealUUID: dealUuid,
  IsOffline: fc.boolean(),
  ClientDealProposal: A.clientDealProposal,
  DealDataRoot: A.cid,
  Transfer: transfer,
  RemoveUnsealedCopy: fc.boolean(),
  SkipIPNIAnnounce: fc.boolean(),
})

export const dealResponse: fc.Arbitrary<M.DealResponse> = fc.record({
  Accepted: fc.boolean(),
  Message: A.goString,
})

export const statusRequest: fc.Arbitrary<M.Mk12DealStatusRequest> = fc.record({
  DealUUID: dealUuid,
  Signature: A.signature,
})

export const dealStatus: fc.Arbitrary<M.Mk12DealStatus> = fc.record({
  Error: A.goString,
  Status: fc.oneof(fc.constantFrom(...M.DEAL_CHECKPOINTS), A.goString),
  SealingStatus: A.goString,
  Proposal: A.dealProposal,
  SignedProposalCid: A.cid,
  PublishCid: fc.option(A.cid, { nil: null }),
  ChainDealID: safeUint,
})

export const statusResponse: fc.Arbitrary<M.Mk12DealStatusResponse> = fc.record({
  DealUUID: dealUuid,
  Error: A.goString,
  DealStatus: fc.option(dealStatus, { nil: null }),
  IsOffline: fc.boolean(),
  TransferSize: safeUint,
  NBytesReceived: safeUint,
})

function codec<T>(
  name: string,
  value: fc.Arbitrary<T>,
  encode: (value: T) => Uint8Array,
  decode: (bytes: Uint8Array) => T,
): CodecCase {
  return { name, value, encode: encode as (value: unknown) => Uint8Array, decode, exact: false }
}

/** Every mk/1.2 codec. */
export const MK12_CODECS: readonly CodecCase[] = [
  codec('mk12 Transfer', transfer, M.encodeTransfer, M.decodeTransfer),
  codec('mk12 DealParams', dealParams, M.encodeDealParams, M.decodeDealParams),
  codec('mk12 DealResponse', dealResponse, M.encodeDealResponse, M.decodeDealResponse),
  codec(
    'mk12 DealStatusRequest',
    statusRequest,
    M.encodeMk12DealStatusRequest,
    M.decodeMk12DealStatusRequest,
  ),
  codec('mk12 DealStatus', dealStatus, M.encodeMk12DealStatus, M.decodeMk12DealStatus),
  codec(
    'mk12 DealStatusResponse',
    statusResponse,
    M.encodeMk12DealStatusResponse,
    M.decodeMk12DealStatusResponse,
  ),
  codec('mk12 HttpRequest', httpRequest, M.encodeHttpRequest, M.decodeHttpRequest),
]
