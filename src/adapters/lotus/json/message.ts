/**
 * Messages in the Lotus API: `{"Version", "To", "From", "Nonce", "Value", "GasLimit", "GasFeeCap",
 * "GasPremium", "Method", "Params"}` with Params the base64 CBOR of the method's params, and the
 * signed form `{"Message", "Signature", "CID"}`. A {@link ChainMessage} is told apart by its
 * recipient and method number: method 0 is a plain send, 2–4 to the market actor are its escrow and
 * publish methods, and 6, 7 and 9 to any other actor are the sealing miner's.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { addressEquals } from '../../../market/index.ts'
import {
  type ChainMessage,
  MARKET_ACTOR,
  MarketMethod,
  type MessageKind,
  MinerMethod,
  type SignedMessage,
} from '../../chain.ts'
import { decodeParams, encodeParams } from '../cbor/params.ts'
import { decodeAddress, encodeAddress } from './address.ts'
import { type CidJson, decodeCid, encodeCid } from './cid.ts'
import {
  asObject,
  asSafeInt,
  decodeBigInt,
  decodeBytes,
  encodeBigInt,
  encodeBytes,
  fail,
  member,
} from './scalars.ts'
import { decodeSignature, type SignatureJson } from './signature.ts'

/** The JSON form of an unsigned message. */
export interface MessageJson {
  readonly Version: number
  readonly To: string
  readonly From: string
  readonly Nonce: number
  readonly Value: string
  readonly GasLimit: number
  readonly GasFeeCap: string
  readonly GasPremium: string
  readonly Method: number
  readonly Params: string | null
}

/** The JSON form of a signed message. */
export interface SignedMessageJson {
  readonly Message: MessageJson
  readonly Signature: SignatureJson
  readonly CID: CidJson
}

const METHOD: Readonly<Record<MessageKind, number>> = {
  Send: 0,
  MarketAddBalance: MarketMethod.AddBalance,
  MarketWithdrawBalance: MarketMethod.WithdrawBalance,
  PublishStorageDeals: MarketMethod.PublishStorageDeals,
  PreCommitSector: MinerMethod.PreCommitSector,
  ProveCommitSector: MinerMethod.ProveCommitSector,
  TerminateSectors: MinerMethod.TerminateSectors,
}

const MARKET_KINDS: Readonly<Record<number, MessageKind>> = {
  [MarketMethod.AddBalance]: 'MarketAddBalance',
  [MarketMethod.WithdrawBalance]: 'MarketWithdrawBalance',
  [MarketMethod.PublishStorageDeals]: 'PublishStorageDeals',
}

const MINER_KINDS: Readonly<Record<number, MessageKind>> = {
  [MinerMethod.PreCommitSector]: 'PreCommitSector',
  [MinerMethod.ProveCommitSector]: 'ProveCommitSector',
  [MinerMethod.TerminateSectors]: 'TerminateSectors',
}

/**
 * The Lotus JSON form of a message. Gas values are zero, which MpoolPushMessage reads as "estimate
 * them", and the nonce is the one given (MpoolPushMessage requires 0).
 */
export function encodeMessage(message: ChainMessage, nonce = 0): MessageJson {
  return {
    Version: 0,
    To: encodeAddress(message.to),
    From: encodeAddress(message.from),
    Nonce: nonce,
    Value: encodeBigInt(message.value),
    GasLimit: 0,
    GasFeeCap: '0',
    GasPremium: '0',
    Method: METHOD[message.kind],
    Params: encodeBytes(encodeParams(message)),
  }
}

/** The kind of a message to `to` with method number `method`, if it is one a market node knows. */
function kindOf(message: { readonly to: ChainMessage['to'] }, method: number): MessageKind | undefined {
  if (method === 0) return 'Send'
  return addressEquals(message.to, MARKET_ACTOR) ? MARKET_KINDS[method] : MINER_KINDS[method]
}

/** A message and its nonce, read from its JSON form. Methods a market node does not send are refused. */
export function decodeMessage(value: unknown, path: string): { message: ChainMessage; nonce: number } {
  const object = asObject(value, path)
  const to = decodeAddress(member(object, 'To', path), `${path}.To`)
  const from = decodeAddress(member(object, 'From', path), `${path}.From`)
  const method = asSafeInt(member(object, 'Method', path), `${path}.Method`, 0n)
  const kind = kindOf({ to }, method)
  if (kind === undefined)
    return fail('invalid-value', `${path}.Method`, `method ${method} of ${to} is not a market message`)
  const params = decodeParams(kind, decodeBytes(member(object, 'Params', path), `${path}.Params`), to.network)
  const valueAmount = decodeBigInt(member(object, 'Value', path), `${path}.Value`)
  const nonce = asSafeInt(member(object, 'Nonce', path), `${path}.Nonce`, 0n)
  return { message: { kind, from, to, value: valueAmount, params } as ChainMessage, nonce }
}

/** The method number of a message's JSON form, without decoding its params. */
export function messageMethod(value: unknown, path: string): { to: ChainMessage['to']; method: number } {
  const object = asObject(value, path)
  return {
    to: decodeAddress(member(object, 'To', path), `${path}.To`),
    method: asSafeInt(member(object, 'Method', path), `${path}.Method`, 0n),
  }
}

/** The Lotus JSON form of a signed message. */
export function encodeSignedMessage(signed: SignedMessage, signature: SignatureJson): SignedMessageJson {
  return {
    Message: encodeMessage(signed.message, signed.nonce),
    Signature: signature,
    CID: encodeCid(signed.cid),
  }
}

/** Reads a signed message: its CID is the one to wait for. */
export function decodeSignedMessage(value: unknown, path: string): SignedMessage {
  const object = asObject(value, path)
  const { message, nonce } = decodeMessage(member(object, 'Message', path), `${path}.Message`)
  decodeSignature(member(object, 'Signature', path), `${path}.Signature`)
  const cid: CID = decodeCid(member(object, 'CID', path), `${path}.CID`)
  return { cid, message, nonce }
}
