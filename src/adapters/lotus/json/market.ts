/**
 * Storage market values in the Lotus API: MarketBalance `{"Escrow", "Locked"}`, DealProposal,
 * MarketDeal `{"Proposal", "State"}` and the collateral bounds `{"Min", "Max"}`. A bytes label has
 * no JSON form in Lotus and is written as `""`, so it cannot be read back from a node.
 *
 * @module
 */
import { type DealProposal, isStringLabel } from '../../../market/index.ts'
import type { MarketBalance, MarketDeal, MarketDealState } from '../../chain.ts'
import type { CollateralBounds } from '../../node.ts'
import { decodeAddress, encodeAddress } from './address.ts'
import { type CidJson, decodeCid, encodeCid } from './cid.ts'
import {
  asBool,
  asObject,
  asSafeInt,
  asString,
  asUint64,
  decodeBigInt,
  encodeBigInt,
  member,
  optionalMember,
} from './scalars.ts'

/** The JSON form of a market balance. */
export interface MarketBalanceJson {
  readonly Escrow: string
  readonly Locked: string
}

/** The JSON form of a deal proposal. */
export interface DealProposalJson {
  readonly PieceCID: CidJson
  readonly PieceSize: number
  readonly VerifiedDeal: boolean
  readonly Client: string
  readonly Provider: string
  readonly Label: string
  readonly StartEpoch: number
  readonly EndEpoch: number
  readonly StoragePricePerEpoch: string
  readonly ProviderCollateral: string
  readonly ClientCollateral: string
}

/** The JSON form of a published deal. */
export interface MarketDealJson {
  readonly Proposal: DealProposalJson
  readonly State: {
    readonly SectorNumber: bigint
    readonly SectorStartEpoch: number
    readonly LastUpdatedEpoch: number
    readonly SlashEpoch: number
  }
}

/** The Lotus JSON form of a market balance. */
export function encodeMarketBalance(balance: MarketBalance): MarketBalanceJson {
  return { Escrow: encodeBigInt(balance.escrow), Locked: encodeBigInt(balance.locked) }
}

/** Reads a market balance. */
export function decodeMarketBalance(value: unknown, path: string): MarketBalance {
  const object = asObject(value, path)
  return {
    escrow: decodeBigInt(member(object, 'Escrow', path), `${path}.Escrow`),
    locked: decodeBigInt(member(object, 'Locked', path), `${path}.Locked`),
  }
}

/** The Lotus JSON form of a deal proposal; a bytes label becomes `""`, as Lotus writes it. */
export function encodeDealProposal(proposal: DealProposal): DealProposalJson {
  return {
    PieceCID: encodeCid(proposal.PieceCID),
    PieceSize: proposal.PieceSize,
    VerifiedDeal: proposal.VerifiedDeal,
    Client: encodeAddress(proposal.Client),
    Provider: encodeAddress(proposal.Provider),
    Label: isStringLabel(proposal.Label) ? proposal.Label : '',
    StartEpoch: proposal.StartEpoch,
    EndEpoch: proposal.EndEpoch,
    StoragePricePerEpoch: encodeBigInt(proposal.StoragePricePerEpoch),
    ProviderCollateral: encodeBigInt(proposal.ProviderCollateral),
    ClientCollateral: encodeBigInt(proposal.ClientCollateral),
  }
}

/** Reads a deal proposal; the label is always a string label. */
export function decodeDealProposal(value: unknown, path: string): DealProposal {
  const o = asObject(value, path)
  const at = (key: string): unknown => member(o, key, path)
  return {
    PieceCID: decodeCid(at('PieceCID'), `${path}.PieceCID`),
    PieceSize: asSafeInt(at('PieceSize'), `${path}.PieceSize`, 0n),
    VerifiedDeal: asBool(at('VerifiedDeal'), `${path}.VerifiedDeal`),
    Client: decodeAddress(at('Client'), `${path}.Client`),
    Provider: decodeAddress(at('Provider'), `${path}.Provider`),
    Label: asString(at('Label'), `${path}.Label`),
    StartEpoch: asSafeInt(at('StartEpoch'), `${path}.StartEpoch`),
    EndEpoch: asSafeInt(at('EndEpoch'), `${path}.EndEpoch`),
    StoragePricePerEpoch: decodeBigInt(at('StoragePricePerEpoch'), `${path}.StoragePricePerEpoch`),
    ProviderCollateral: decodeBigInt(at('ProviderCollateral'), `${path}.ProviderCollateral`),
    ClientCollateral: decodeBigInt(at('ClientCollateral'), `${path}.ClientCollateral`),
  }
}

/** The Lotus JSON form of a published deal. */
export function encodeMarketDeal(deal: MarketDeal): MarketDealJson {
  return {
    Proposal: encodeDealProposal(deal.proposal),
    State: {
      SectorNumber: deal.state.sectorNumber,
      SectorStartEpoch: deal.state.sectorStartEpoch,
      LastUpdatedEpoch: deal.state.lastUpdatedEpoch,
      SlashEpoch: deal.state.slashEpoch,
    },
  }
}

/** Reads a published deal; SectorNumber, which v1.27-era nodes leave out, reads as 0. */
export function decodeMarketDeal(value: unknown, path: string): MarketDeal {
  const object = asObject(value, path)
  const statePath = `${path}.State`
  const state = asObject(member(object, 'State', path), statePath)
  const sectorNumber = optionalMember(state, 'SectorNumber')
  const dealState: MarketDealState = {
    sectorNumber: sectorNumber === undefined ? 0n : asUint64(sectorNumber, `${statePath}.SectorNumber`),
    sectorStartEpoch: asSafeInt(
      member(state, 'SectorStartEpoch', statePath),
      `${statePath}.SectorStartEpoch`,
    ),
    lastUpdatedEpoch: asSafeInt(
      member(state, 'LastUpdatedEpoch', statePath),
      `${statePath}.LastUpdatedEpoch`,
    ),
    slashEpoch: asSafeInt(member(state, 'SlashEpoch', statePath), `${statePath}.SlashEpoch`),
  }
  return {
    proposal: decodeDealProposal(member(object, 'Proposal', path), `${path}.Proposal`),
    state: dealState,
  }
}

/** The JSON form of collateral bounds. */
export interface CollateralBoundsJson {
  readonly Min: string
  readonly Max: string
}

/** The Lotus JSON form of StateDealProviderCollateralBounds' result. */
export function encodeCollateralBounds(bounds: CollateralBounds): CollateralBoundsJson {
  return { Min: encodeBigInt(bounds.min), Max: encodeBigInt(bounds.max) }
}

/** Reads StateDealProviderCollateralBounds' result. */
export function decodeCollateralBounds(value: unknown, path: string): CollateralBounds {
  const object = asObject(value, path)
  return {
    min: decodeBigInt(member(object, 'Min', path), `${path}.Min`),
    max: decodeBigInt(member(object, 'Max', path), `${path}.Max`),
  }
}
