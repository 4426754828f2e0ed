/**
 * Every public encoder/decoder pair of src/market with an arbitrary of valid values, so the property
 * tests cover all of them uniformly.
 */

import type fc from 'fast-check'
import * as M from '../../src/market/index.ts'
import * as A from './arbitraries.ts'

/** One codec under test. */
export interface CodecCase {
  readonly name: string
  readonly value: fc.Arbitrary<unknown>
  readonly encode: (value: unknown) => Uint8Array
  readonly decode: (bytes: Uint8Array) => unknown
  /** Tuple types and single items have one encoding per value, so any accepted input re-encodes to itself. */
  readonly exact: boolean
}

function codec<T>(
  name: string,
  value: fc.Arbitrary<T>,
  encode: (value: T) => Uint8Array,
  decode: (bytes: Uint8Array) => T,
  exact = false,
): CodecCase {
  return { name, value, encode: encode as (value: unknown) => Uint8Array, decode, exact }
}

export const CODECS: readonly CodecCase[] = [
  codec('DealLabel', A.label, M.encodeDealLabel, M.decodeDealLabel, true),
  codec('DealProposal', A.dealProposal, M.encodeDealProposal, M.decodeDealProposal, true),
  codec(
    'ClientDealProposal',
    A.clientDealProposal,
    M.encodeClientDealProposal,
    M.decodeClientDealProposal,
    true,
  ),
  codec('ChannelID', A.channelId, M.encodeChannelId, M.decodeChannelId, true),
  codec('DataRef', A.dataRef, M.encodeDataRef, M.decodeDataRef),
  codec('Proposal', A.proposal, M.encodeProposal, M.decodeProposal),
  codec('Response', A.response, M.encodeResponse, M.decodeResponse),
  codec('SignedResponse', A.signedResponse, M.encodeSignedResponse, M.decodeSignedResponse),
  codec('StorageAsk', A.storageAsk, M.encodeStorageAsk, M.decodeStorageAsk),
  codec('SignedStorageAsk', A.signedStorageAsk, M.encodeSignedStorageAsk, M.decodeSignedStorageAsk),
  codec(
    'AskRequest',
    A.address.map((Miner) => ({ Miner })),
    M.encodeAskRequest,
    M.decodeAskRequest,
  ),
  codec(
    'AskResponse',
    A.signedStorageAsk.map((Ask) => ({ Ask })),
    M.encodeAskResponse,
    M.decodeAskResponse,
  ),
  codec('ProviderDealState', A.providerDealState, M.encodeProviderDealState, M.decodeProviderDealState),
  codec('DealStatusRequest', A.dealStatusRequest, M.encodeDealStatusRequest, M.decodeDealStatusRequest),
  codec('DealStatusResponse', A.dealStatusResponse, M.encodeDealStatusResponse, M.decodeDealStatusResponse),
  codec('ClientDeal', A.clientDeal, M.encodeClientDeal, M.decodeClientDeal),
  codec('MinerDeal', A.minerDeal, M.encodeMinerDeal, M.decodeMinerDeal),
]
