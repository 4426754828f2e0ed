/**
 * What the embedded market reports: where deals stand while it runs, and the summary of deals and
 * funds.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { Address, PaddedPieceSize, TokenAmount } from '../market/index.ts'

/** The states of one deal on both sides; a side that has no record of it is undefined. */
export interface DealStates {
  readonly proposalCid: string
  readonly client: string | undefined
  readonly provider: string | undefined
}

/** Where every deal stands. */
export interface DealProgress {
  /** The chain head. */
  readonly epoch: number
  /** Client deals per state name. */
  readonly client: Readonly<Record<string, number>>
  /** Provider deals per state name. */
  readonly provider: Readonly<Record<string, number>>
  /** Each deal, in proposal order. */
  readonly deals: readonly DealStates[]
  /** Deals final on the client and final (or unknown) on the provider. */
  readonly finished: number
}

/** Receives the progress after each applied deal event and after each step of the chain. */
export type ProgressListener = (progress: DealProgress) => void

/** One deal in a {@link MarketSummary}. */
export interface DealSummary {
  readonly proposalCid: CID
  readonly clientState: string
  /** Undefined when the provider never recorded the deal. */
  readonly providerState: string | undefined
  /** On-chain deal id; 0 when not published. */
  readonly dealId: number
  /** Sector the deal was sealed in; 0 when none. */
  readonly sectorNumber: number
  readonly pieceCid: CID
  readonly pieceSize: PaddedPieceSize
  readonly pricePerEpoch: TokenAmount
  readonly startEpoch: number
  readonly endEpoch: number
  /** The client's last message (why a failed deal failed). */
  readonly message: string
  /** The provider's last message. */
  readonly providerMessage: string
}

/** One actor's funds in a {@link MarketSummary}. */
export interface AccountSummary {
  readonly role: 'client' | 'worker' | 'miner' | 'market' | 'burnt'
  readonly address: Address
  /** The actor's own balance. */
  readonly balance: TokenAmount
  /** Its escrow in the market actor. */
  readonly escrow: TokenAmount
  /** The part of the escrow locked by open deals. */
  readonly locked: TokenAmount
}

/** The outcome of a run. */
export interface MarketSummary {
  readonly epoch: number
  readonly deals: readonly DealSummary[]
  /** Every actor of the embedded chain; their balances add up to the whole supply. */
  readonly accounts: readonly AccountSummary[]
  /** Escrow still locked, summed over every address; 0 once every deal is final. */
  readonly lockedTotal: TokenAmount
  /** The chain's FIL supply, fixed at genesis. */
  readonly totalSupply: TokenAmount
  /** Sum of every actor's balance; equals `totalSupply` unless FIL leaked. */
  readonly accountedSupply: TokenAmount
}
