/**
 * ValidateDealProposal for a Boost (mk/1.2) deal: Boost's checks in Boost's order with Boost's
 * reasons (boost-mk12.md §7.1, each sent as `failed validation: <reason>`), the deal-start buffer
 * after the epoch checks as for mk/1.1, then the transfer check of Boost's acceptance (§7.2 step 1).
 *
 * @module
 */

import {
  addressEquals,
  type ChainEpoch,
  clientBalanceRequirement,
  DEAL_MAX_LABEL_SIZE,
  dealDuration,
  decodeHttpRequest,
  encodeDealProposal,
  labelByteLength,
  MIN_PADDED_PIECE_SIZE,
  type MinerDeal,
  TRANSFER_TYPE_HTTP,
  TRANSFER_TYPE_LIBP2P,
} from '../../market/index.ts'
import type { ProviderDealEnvironment } from '../environment.ts'
import { ValidationText } from '../messages.ts'
import type { DealDurationLimits } from './proposal-checks.ts'

/** Boost's deal length bounds and end-epoch horizon, in epochs (180 and 1278 days). */
export const BOOST_DEAL_DURATION_LIMITS: DealDurationLimits = Object.freeze({ min: 518_400, max: 3_680_640 })
/** How far past the head a Boost deal may end (the miner's MaxSectorExpirationExtension). */
export const BOOST_MAX_END_EPOCH_EXTENSION = 3_680_640

/** The prefix Boost puts before every validation reason. */
export const FAILED_VALIDATION = 'failed validation'

/** Boost's validation reasons. */
export const Mk12ValidationText = {
  chainHead: 'server error: getting chain head',
  pieceCidUndefined: 'proposal PieceCID undefined',
  signatureError: 'server error: validating signature',
  signatureInvalid: 'invalid signature',
  wrongProvider: (proposed: string, own: string) =>
    `incorrect provider for deal; proposal.Provider: ${proposed}; provider.Address: ${own}`,
  labelTooLong: (size: number) => `deal label can be at most ${DEAL_MAX_LABEL_SIZE} bytes, is ${size}`,
  pieceTooSmall: 'proposal piece size is invalid: minimum padded piece size is 128 bytes',
  pieceNotPowerOfTwo: 'proposal piece size is invalid: padded piece size must be a power of 2',
  pieceCidPrefix: 'proposal PieceCID had wrong prefix',
  endBeforeStart: (end: ChainEpoch, start: ChainEpoch) =>
    `proposal end ${end} before proposal start ${start}`,
  startElapsed: (start: ChainEpoch, head: ChainEpoch) =>
    `deal start epoch ${start} has already elapsed (current epoch: ${head})`,
  duration: (limits: DealDurationLimits, duration: number) =>
    `deal duration out of bounds (min, max, provided): ${limits.min}, ${limits.max}, ${duration}`,
  endTooFar: (end: ChainEpoch, head: ChainEpoch) =>
    `invalid deal end epoch ${end}: cannot be more than ${BOOST_MAX_END_EPOCH_EXTENSION} past current epoch ${head}`,
  collateralBounds: 'server error: getting collateral bounds',
  collateralLow: (value: bigint, min: bigint) => `proposed provider collateral ${value} below minimum ${min}`,
  collateralHigh: (value: bigint, max: bigint) =>
    `proposed provider collateral ${value} above maximum ${max}`,
  priceLow: (price: bigint, min: bigint) =>
    `storage price per epoch less than asking price: ${price} < ${min}`,
  pieceBelowAsk: (size: number, min: number) =>
    `piece size less than minimum required size: ${size} < ${min}`,
  pieceAboveAsk: (size: number, max: number) => `piece size more than maximum allowed size: ${size} > ${max}`,
  marketBalance: 'server error: getting market balance',
  clientFunds: (available: bigint, required: bigint) =>
    `client available funds in escrow ${available} not enough to meet storage cost for deal ${required}`,
  dataCapError: 'server error: getting verified datacap',
  notVerified: 'client is not a verified client',
  dataCapLow: (dataCap: bigint, size: number) =>
    `verified deal DataCap ${dataCap} too small for proposed piece size ${size}`,
  transferHost: (detail: string) => `server error: get deal transfer host: ${detail}`,
} as const

const FIL_COMMITMENT_UNSEALED = 0xf101
const SHA2_256_TRUNC254_PADDED = 0x1012

/** The first reason to refuse an mk/1.2 deal, or undefined when it passes. */
export async function firstMk12Rejection(
  deal: MinerDeal,
  env: ProviderDealEnvironment,
  signal: AbortSignal,
): Promise<string | undefined> {
  const reason = await firstValidationFailure(deal, env, signal)
  if (reason !== undefined) return `${FAILED_VALIDATION}: ${reason}`
  return transferRejection(deal)
}

async function firstValidationFailure(
  deal: MinerDeal,
  env: ProviderDealEnvironment,
  signal: AbortSignal,
): Promise<string | undefined> {
  const T = Mk12ValidationText
  const { node } = env
  const proposal = deal.Proposal
  let head: Awaited<ReturnType<typeof node.getChainHead>>
  try {
    head = await node.getChainHead({ signal })
  } catch {
    return T.chainHead
  }
  const piece = proposal.PieceCID
  if (piece === undefined || piece === null) return T.pieceCidUndefined
  try {
    const bytes = encodeDealProposal(proposal)
    const valid = await node.verifySignature(deal.ClientSignature, proposal.Client, bytes, head.token, {
      signal,
    })
    if (!valid) return T.signatureInvalid
  } catch {
    return T.signatureError
  }
  if (!addressEquals(proposal.Provider, env.address))
    return T.wrongProvider(proposal.Provider.toString(), env.address.toString())
  const labelSize = labelByteLength(proposal.Label)
  if (labelSize > DEAL_MAX_LABEL_SIZE) return T.labelTooLong(labelSize)
  const size = proposal.PieceSize
  if (size < MIN_PADDED_PIECE_SIZE) return T.pieceTooSmall
  if (!Number.isSafeInteger(size) || (BigInt(size) & (BigInt(size) - 1n)) !== 0n) return T.pieceNotPowerOfTwo
  if (
    piece.version !== 1 ||
    piece.code !== FIL_COMMITMENT_UNSEALED ||
    piece.multihash.code !== SHA2_256_TRUNC254_PADDED ||
    piece.multihash.size !== 32
  ) {
    return T.pieceCidPrefix
  }
  if (proposal.EndEpoch <= proposal.StartEpoch)
    return T.endBeforeStart(proposal.EndEpoch, proposal.StartEpoch)
  if (head.epoch > proposal.StartEpoch) return T.startElapsed(proposal.StartEpoch, head.epoch)
  const limits = env.dealDurationLimits ?? BOOST_DEAL_DURATION_LIMITS
  const duration = dealDuration(proposal)
  if (duration < limits.min || duration > limits.max) return T.duration(limits, duration)
  if (proposal.EndEpoch > head.epoch + BOOST_MAX_END_EPOCH_EXTENSION)
    return T.endTooFar(proposal.EndEpoch, head.epoch)
  if (proposal.StartEpoch < head.epoch + env.dealStartBufferEpochs) {
    const buffer = env.dealStartBufferEpochs
    return `${ValidationText.startTooSoon} (start ${proposal.StartEpoch} < ${head.epoch} + ${buffer})`
  }

  let bounds: Awaited<ReturnType<typeof node.dealProviderCollateralBounds>>
  try {
    bounds = await node.dealProviderCollateralBounds(size, proposal.VerifiedDeal, { signal })
  } catch {
    return T.collateralBounds
  }
  const collateral = proposal.ProviderCollateral
  if (collateral < bounds.min) return T.collateralLow(collateral, bounds.min)
  if (collateral > bounds.max) return T.collateralHigh(collateral, bounds.max)
  const ask = env.ask()
  if (ask === undefined) return ValidationText.noAsk
  const askPrice = proposal.VerifiedDeal ? ask.VerifiedPrice : ask.Price
  const minPrice = (askPrice * BigInt(size)) / 2n ** 30n
  if (proposal.StoragePricePerEpoch < minPrice) return T.priceLow(proposal.StoragePricePerEpoch, minPrice)
  if (size < ask.MinPieceSize) return T.pieceBelowAsk(size, ask.MinPieceSize)
  if (size > ask.MaxPieceSize) return T.pieceAboveAsk(size, ask.MaxPieceSize)

  let available: bigint
  try {
    available = (await node.getBalance(proposal.Client, head.token, { signal })).available
  } catch {
    return T.marketBalance
  }
  const required = clientBalanceRequirement(proposal)
  if (available < required) return T.clientFunds(available, required)
  if (!proposal.VerifiedDeal) return undefined
  let dataCap: bigint | undefined
  try {
    dataCap = await node.getDataCap(proposal.Client, head.token, { signal })
  } catch {
    return T.dataCapError
  }
  if (dataCap === undefined) return T.notVerified
  if (dataCap < BigInt(size)) return T.dataCapLow(dataCap, size)
  return undefined
}

/** Boost's acceptance step 1: an online deal's transfer must be one the provider can fetch. */
function transferRejection(deal: MinerDeal): string | undefined {
  const transfer = deal.Transfer
  if (transfer === undefined) return undefined
  if (transfer.Type !== TRANSFER_TYPE_HTTP && transfer.Type !== TRANSFER_TYPE_LIBP2P) {
    return Mk12ValidationText.transferHost(
      `cannot parse params for unrecognized transfer type '${transfer.Type}'`,
    )
  }
  try {
    const request = decodeHttpRequest(transfer.Params)
    new URL(request.URL)
  } catch (error) {
    return Mk12ValidationText.transferHost(
      `parsing transfer params: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return undefined
}
