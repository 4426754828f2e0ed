/**
 * The deal proposal the client signs and the market actor publishes (go-state-types v9
 * `market.DealProposal`), its signed form, and the amounts derived from it.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { Address } from './address.ts'
import type { TokenAmount } from './amount.ts'
import type { ChainEpoch } from './epoch.ts'
import type { DealLabel } from './label.ts'
import type { PaddedPieceSize } from './piece-size.ts'
import type { Signature } from './signature.ts'

/** An unsigned storage deal proposal. Field order is the wire (tuple) order. */
export interface DealProposal {
  /** Piece commitment (CommP) of the deal data. */
  readonly PieceCID: CID
  /** Padded size of the piece. */
  readonly PieceSize: PaddedPieceSize
  /** True when the deal uses the client's DataCap. */
  readonly VerifiedDeal: boolean
  /** The paying client. */
  readonly Client: Address
  /** The storage provider's miner actor. */
  readonly Provider: Address
  /** Free-form label, by convention the payload root CID. */
  readonly Label: DealLabel
  /** First epoch of the deal; the sector must be proven before it. */
  readonly StartEpoch: ChainEpoch
  /** Epoch at which the deal ends. */
  readonly EndEpoch: ChainEpoch
  /** Total price per epoch for the whole piece, in attoFIL. */
  readonly StoragePricePerEpoch: TokenAmount
  /** Collateral the provider locks, in attoFIL. */
  readonly ProviderCollateral: TokenAmount
  /** Collateral the client locks, in attoFIL. */
  readonly ClientCollateral: TokenAmount
}

/** A proposal with the client's signature over the CBOR of {@link DealProposal} (go `market.ClientDealProposal`). */
export interface ClientDealProposal {
  /** The proposal that was signed. */
  readonly Proposal: DealProposal
  /** The client's signature over `encodeDealProposal(Proposal)`. */
  readonly ClientSignature: Signature
}

/** Number of epochs the deal lasts: EndEpoch − StartEpoch. */
export function dealDuration(proposal: DealProposal): ChainEpoch {
  return proposal.EndEpoch - proposal.StartEpoch
}

/** What the client pays for storage over the whole deal: price per epoch × duration. */
export function totalStorageFee(proposal: DealProposal): TokenAmount {
  return proposal.StoragePricePerEpoch * BigInt(dealDuration(proposal))
}

/** What the client must have available in escrow: ClientCollateral + total storage fee. */
export function clientBalanceRequirement(proposal: DealProposal): TokenAmount {
  return proposal.ClientCollateral + totalStorageFee(proposal)
}

/** What the provider must have available in escrow: its collateral. */
export function providerBalanceRequirement(proposal: DealProposal): TokenAmount {
  return proposal.ProviderCollateral
}
