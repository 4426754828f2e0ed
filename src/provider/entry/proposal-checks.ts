/**
 * The checks of ValidateDealProposal that need no node call, in the reference's order. Each
 * returns the rejection reason, or undefined when the proposal passes.
 *
 * @module
 */

import {
  type Address,
  addressEquals,
  type ChainEpoch,
  DEAL_MAX_LABEL_SIZE,
  type DealProposal,
  dealDuration,
  EPOCHS_PER_DAY,
  labelByteLength,
  MIN_PADDED_PIECE_SIZE,
  type StorageAsk,
} from '../../market/index.ts'
import { ValidationText as V, wrap } from '../messages.ts'

/** Shortest deal, in epochs (180 days; go-fil-markets' DealMinDuration). */
export const DEAL_MIN_DURATION = 180 * EPOCHS_PER_DAY
/** Longest deal, in epochs (540 days; go-fil-markets' DealMaxDuration). */
export const DEAL_MAX_DURATION = 540 * EPOCHS_PER_DAY
/** How far past the current epoch a deal may end (540 days; MaxSectorExpirationExtension). */
export const MAX_SECTOR_EXPIRATION_EXTENSION = 540 * EPOCHS_PER_DAY

/** The deal lengths a provider accepts, in epochs (go-fil-markets' DealMinDuration and DealMaxDuration). */
export interface DealDurationLimits {
  readonly min: number
  readonly max: number
}

/** Mainnet's limits: 180 to 540 days. */
export const MAINNET_DEAL_DURATION_LIMITS: DealDurationLimits = Object.freeze({
  min: DEAL_MIN_DURATION,
  max: DEAL_MAX_DURATION,
})

/** Multicodec of unsealed piece commitments. */
const FIL_COMMITMENT_UNSEALED = 0xf101
/** Multihash of piece commitments. */
const SHA2_256_TRUNC254_PADDED = 0x1012

/** Checks 3 to 11 of the reference, then the deal-start buffer. */
export function checkProposal(
  proposal: DealProposal,
  provider: Address,
  head: ChainEpoch,
  startBuffer: number,
  durations: DealDurationLimits = MAINNET_DEAL_DURATION_LIMITS,
): string | undefined {
  if (!addressEquals(proposal.Provider, provider)) return V.wrongProvider
  const labelSize = labelByteLength(proposal.Label)
  if (labelSize > DEAL_MAX_LABEL_SIZE) return `${V.labelTooLong} (${labelSize} bytes)`
  const size = proposal.PieceSize
  if (size < MIN_PADDED_PIECE_SIZE) return wrap(V.pieceSize, `${size} is below 128 bytes`)
  if (!isPowerOfTwo(size)) return wrap(V.pieceSize, `${size} is not a power of two`)
  const piece = proposal.PieceCID
  if (piece === undefined || piece === null) return V.pieceCidMissing
  if (
    piece.version !== 1 ||
    piece.code !== FIL_COMMITMENT_UNSEALED ||
    piece.multihash.code !== SHA2_256_TRUNC254_PADDED ||
    piece.multihash.size !== 32
  ) {
    return V.pieceCidPrefix
  }
  if (proposal.EndEpoch <= proposal.StartEpoch) return V.endBeforeStart
  if (head > proposal.StartEpoch) return `${V.startPassed} (start ${proposal.StartEpoch}, current ${head})`
  const duration = dealDuration(proposal)
  if (duration < durations.min || duration > durations.max) {
    return `${V.duration} (min ${durations.min}, max ${durations.max}, provided ${duration})`
  }
  const latestEnd = head + MAX_SECTOR_EXPIRATION_EXTENSION
  if (proposal.EndEpoch > latestEnd) return `${V.endTooFar} (${proposal.EndEpoch} > ${latestEnd})`
  if (proposal.StartEpoch < head + startBuffer) {
    return `${V.startTooSoon} (start ${proposal.StartEpoch} < ${head} + ${startBuffer})`
  }
  return undefined
}

/** Checks 13 and 14: the provider collateral within the network bounds. */
export function checkCollateral(proposal: DealProposal, min: bigint, max: bigint): string | undefined {
  const collateral = proposal.ProviderCollateral
  if (collateral < min) return `${V.collateralLow} (${collateral} < ${min})`
  if (collateral > max) return `${V.collateralHigh} (${collateral} > ${max})`
  return undefined
}

/** Checks 15 to 17: price and piece size against the ask. */
export function checkAsk(proposal: DealProposal, ask: StorageAsk | undefined): string | undefined {
  if (ask === undefined) return V.noAsk
  const askPrice = proposal.VerifiedDeal ? ask.VerifiedPrice : ask.Price
  // The ask is per GiB per epoch; the proposal's price is for the whole piece per epoch.
  const minPrice = (askPrice * BigInt(proposal.PieceSize)) / 2n ** 30n
  if (proposal.StoragePricePerEpoch < minPrice) {
    return `${V.priceLow} (${proposal.StoragePricePerEpoch} < ${minPrice})`
  }
  if (proposal.PieceSize < ask.MinPieceSize) {
    return `${V.pieceTooSmall} (${proposal.PieceSize} < ${ask.MinPieceSize})`
  }
  if (proposal.PieceSize > ask.MaxPieceSize) {
    return `${V.pieceTooLarge} (${proposal.PieceSize} > ${ask.MaxPieceSize})`
  }
  return undefined
}

function isPowerOfTwo(size: number): boolean {
  if (!Number.isSafeInteger(size)) return false
  const big = BigInt(size)
  return big > 0n && (big & (big - 1n)) === 0n
}
