/**
 * The Lotus wire form of chain messages and of the returns the market needs: a message is the
 * 10-element CBOR tuple Lotus signs, and its CID is that tuple's blake2b-256 dag-cbor CID, so the
 * simulated chain hands out CIDs of the same shape a Lotus node would.
 *
 * @module
 */
import * as dagCbor from '@ipld/dag-cbor'
import { lotusCid } from 'iso-filecoin/utils'
import { CID } from 'multiformats/cid'
import { bigIntToBytes, encodeClientDealProposal } from '../../market/index.ts'
import { type ChainMessage, MarketMethod, type MessageKind, MinerMethod } from '../chain.ts'
import { encodeBitfield } from './bitfield.ts'

/** Lotus method number of each message kind. */
export const METHOD_NUMBER: Readonly<Record<MessageKind, number>> = {
  Send: 0,
  MarketAddBalance: MarketMethod.AddBalance,
  MarketWithdrawBalance: MarketMethod.WithdrawBalance,
  PublishStorageDeals: MarketMethod.PublishStorageDeals,
  PreCommitSector: MinerMethod.PreCommitSector,
  ProveCommitSector: MinerMethod.ProveCommitSector,
  TerminateSectors: MinerMethod.TerminateSectors,
}

/** The seal proof the simulated miners declare (StackedDrg32GiBV1_1); nothing checks it. */
const SEAL_PROOF = 8

function cbor(value: unknown): Uint8Array {
  return dagCbor.encode(value)
}

/** A CBOR array header followed by already-encoded items, so signed bytes are kept exactly. */
function arrayOfEncoded(items: readonly Uint8Array[]): Uint8Array {
  const n = items.length
  const header =
    n < 24 ? [0x80 | n] : n < 0x100 ? [0x98, n] : n < 0x10000 ? [0x99, n >> 8, n & 0xff] : undefined
  if (header === undefined) throw new RangeError(`too many items in one message: ${n}`)
  const out = new Uint8Array(header.length + items.reduce((sum, item) => sum + item.length, 0))
  out.set(header, 0)
  let offset = header.length
  for (const item of items) {
    out.set(item, offset)
    offset += item.length
  }
  return out
}

/** The CBOR params of a message, as its actor method expects them. */
export function encodeParams(message: ChainMessage): Uint8Array {
  switch (message.kind) {
    case 'Send':
      return new Uint8Array(0)
    case 'MarketAddBalance':
      return cbor(message.params.address.bytes)
    case 'MarketWithdrawBalance':
      return cbor([message.params.address.bytes, bigIntToBytes(message.params.amount)])
    case 'PublishStorageDeals':
      return arrayOfEncoded([arrayOfEncoded(message.params.deals.map(encodeClientDealProposal))])
    case 'PreCommitSector': {
      const p = message.params
      return cbor([SEAL_PROOF, p.sectorNumber, p.sealedCid, 0, p.dealIds, p.expiration, false, 0, 0, 0])
    }
    case 'ProveCommitSector':
      return cbor([message.params.sectorNumber, new Uint8Array(0)])
    case 'TerminateSectors':
      return cbor([[[0, 0, encodeBitfield(message.params.sectorNumbers.map(Number))]]])
  }
}

/** The message tuple Lotus signs: version, to, from, nonce, value, gas, method, params. */
export function encodeMessage(message: ChainMessage, nonce: number, fee: bigint): Uint8Array {
  return cbor([
    0,
    message.to.bytes,
    message.from.bytes,
    nonce,
    bigIntToBytes(message.value),
    0,
    bigIntToBytes(fee),
    new Uint8Array(0),
    METHOD_NUMBER[message.kind],
    encodeParams(message),
  ])
}

/** The message's CID: blake2b-256 dag-cbor of {@link encodeMessage}, as Lotus computes it. */
export function messageCid(message: ChainMessage, nonce: number, fee: bigint): CID {
  return CID.decode(lotusCid(encodeMessage(message, nonce, fee)))
}

/** PublishStorageDeals' return: `[IDs, ValidDeals]` with ValidDeals as RLE+ bytes. */
export function encodePublishReturn(ids: readonly bigint[], validDeals: readonly number[]): Uint8Array {
  return cbor([ids, encodeBitfield(validDeals)])
}

/** WithdrawBalance's return: the amount paid out, as a big-int byte string. */
export function encodeWithdrawReturn(amount: bigint): Uint8Array {
  return cbor(bigIntToBytes(amount))
}
