/**
 * The client's deal record (go-fil-markets `storagemarket.ClientDeal`): what the client machine
 * persists and hands to subscribers.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { Address } from './address.ts'
import type { TokenAmount } from './amount.ts'
import type { ChannelID } from './channel-id.ts'
import type { DataRef } from './data-ref.ts'
import type { ClientDealProposal } from './deal-proposal.ts'
import type { DealStages } from './deal-stages.ts'
import type { CborTime, ChainEpoch, DealID, SectorNumber } from './epoch.ts'
import type { Transfer } from './mk12/types.ts'
import type { DealUUID } from './mk12/uuid.ts'
import type { PeerId } from './peer-id.ts'
import type { StorageDealStatus } from './status.ts'

/**
 * A client deal. As in Go, where the signed proposal is an embedded struct, `Proposal` and
 * `ClientSignature` sit directly on the record (`deal.Proposal.Client`); on the wire they are one
 * `ClientDealProposal` entry.
 */
export interface ClientDeal extends ClientDealProposal {
  /** Record ID: CID of the signed proposal. */
  readonly ProposalCid: CID
  /** Add-funds message sent while reserving funds, or null. */
  readonly AddFundsCid: CID | null
  /** Current status (a name; the wire carries its code). */
  readonly State: StorageDealStatus
  /** The provider's libp2p peer. */
  readonly Miner: PeerId
  /** The provider's worker address, used to verify its signatures. */
  readonly MinerWorker: Address
  /** On-chain deal ID once published, else 0. */
  readonly DealID: DealID
  /** The payload reference, or null. */
  readonly DataRef: DataRef | null
  /** Last error or status text. */
  readonly Message: string
  /** Deal-stage timeline, or null for records that never had one. */
  readonly DealStages: DealStages | null
  /** The provider's publish message, or null. */
  readonly PublishMessage: CID | null
  /** Epoch the deal was slashed at, else 0. */
  readonly SlashEpoch: ChainEpoch
  /** Acceptance polls so far. */
  readonly PollRetryCount: number
  /** Acceptance polls that failed. */
  readonly PollErrorCount: number
  /** Whether an unsealed copy was requested. */
  readonly FastRetrieval: boolean
  /** Funds currently reserved for the deal (0 when none). */
  readonly FundsReserved: TokenAmount
  /** When the deal was proposed. */
  readonly CreationTime: CborTime
  /** Current data-transfer channel, or null. */
  readonly TransferChannelID: ChannelID | null
  /** Sector holding the deal once pre-committed, else 0. */
  readonly SectorNumber: SectorNumber
  /**
   * The deal's UUID when it runs over Boost's protocols (mk/1.2.x); absent for go-fil-markets
   * (mk/1.1.x) deals and in records written before mk/1.2 support. Its presence is what makes the
   * deal an mk/1.2 deal.
   */
  readonly DealUUID?: DealUUID
  /**
   * mk/1.2 online deals: the `Transfer` sent in DealParams (the URL the provider pulls from, its
   * headers and the CAR size); absent otherwise.
   */
  readonly Transfer?: Transfer
}
