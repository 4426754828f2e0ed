/**
 * The storage ask: a provider's published price and piece-size limits.
 *
 * @module
 */

import type { Address } from './address.ts'
import type { TokenAmount } from './amount.ts'
import type { ChainEpoch } from './epoch.ts'
import type { PaddedPieceSize } from './piece-size.ts'
import type { Signature } from './signature.ts'

/** A provider's terms (go-fil-markets `storagemarket.StorageAsk`). */
export interface StorageAsk {
  /** Price in attoFIL per GiB per epoch. */
  readonly Price: TokenAmount
  /** Price in attoFIL per GiB per epoch for verified deals. */
  readonly VerifiedPrice: TokenAmount
  /** Smallest accepted padded piece. */
  readonly MinPieceSize: PaddedPieceSize
  /** Largest accepted padded piece. */
  readonly MaxPieceSize: PaddedPieceSize
  /** The provider's miner actor. */
  readonly Miner: Address
  /** Epoch at which the ask was set. */
  readonly Timestamp: ChainEpoch
  /** Epoch after which the ask is stale. */
  readonly Expiry: ChainEpoch
  /** Incremented on every change of the ask. */
  readonly SeqNo: number
}

/** An ask with the provider worker's signature over its CBOR (both may be absent on the wire). */
export interface SignedStorageAsk {
  /** The ask, or null. */
  readonly Ask: StorageAsk | null
  /** Worker signature over `encodeStorageAsk(Ask)`, or null. */
  readonly Signature: Signature | null
}

/** Default ask price in attoFIL per GiB per epoch (go-fil-markets stored ask). */
export const DEFAULT_ASK_PRICE = 500_000_000n

/** Default verified ask price in attoFIL per GiB per epoch (go-fil-markets stored ask). */
export const DEFAULT_ASK_VERIFIED_PRICE = 50_000_000n

/** Default ask duration in epochs. */
export const DEFAULT_ASK_DURATION = 1_000_000

/** Default smallest padded piece in an ask: 256 bytes. */
export const DEFAULT_MIN_PIECE_SIZE = 256

/** Default largest padded piece in an ask: 1 MiB. */
export const DEFAULT_MAX_PIECE_SIZE = 1 << 20
