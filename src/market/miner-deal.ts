/**
 * The provider's deal record (go-fil-markets `storagemarket.MinerDeal`).
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { TokenAmount } from './amount.ts'
import type { ChannelID } from './channel-id.ts'
import type { DataRef } from './data-ref.ts'
import type { ClientDealProposal } from './deal-proposal.ts'
import type { CborTime, ChainEpoch, DealID, SectorNumber } from './epoch.ts'
import type { Transfer } from './mk12/types.ts'
import type { DealUUID } from './mk12/uuid.ts'
import type { PeerId } from './peer-id.ts'
import type { StorageDealStatus } from './status.ts'

/**
 * A provider deal. The signed proposal's `Proposal` and `ClientSignature` sit directly on the record,
 * as Go's embedded struct promotes them; on the wire they are one `ClientDealProposal` entry.
 */
export interface MinerDeal extends ClientDealProposal {
  /** Record ID: CID of the signed proposal as received. */
  readonly ProposalCid: CID
  /** The provider's add-funds message, or null. */
  readonly AddFundsCid: CID | null
  /** Publish message (first as sent, then as executed), or null. */
  readonly PublishCid: CID | null
  /** The provider's own libp2p peer. */
  readonly Miner: PeerId
  /** The client's libp2p peer. */
  readonly Client: PeerId
  /** Current status (a name; the wire carries its code). */
  readonly State: StorageDealStatus
  /** File-store path of an imported piece (offline deals), or ''. */
  readonly PiecePath: string
  /** File-store path of the block-location metadata, or ''. */
  readonly MetadataPath: string
  /** Epoch the deal was slashed at, else 0. */
  readonly SlashEpoch: ChainEpoch
  /** Whether an unsealed copy is kept. */
  readonly FastRetrieval: boolean
  /** Last error or status text. */
  readonly Message: string
  /** Collateral currently reserved (0 when none). */
  readonly FundsReserved: TokenAmount
  /** The payload reference from the proposal message, or null. */
  readonly Ref: DataRef | null
  /** Set once the data is handed to sealing. */
  readonly AvailableForRetrieval: boolean
  /** On-chain deal ID once published, else 0. */
  readonly DealID: DealID
  /** When the proposal arrived. */
  readonly CreationTime: CborTime
  /** Current data-transfer channel, or null (Go spells this field with a lower-case "d"). */
  readonly TransferChannelId: ChannelID | null
  /** Sector holding the deal once pre-committed, else 0. */
  readonly SectorNumber: SectorNumber
  /** Path of the temporary CAR file receiving online data, '' for manual deals. */
  readonly InboundCAR: string
  /**
   * The client's deal UUID when the deal came over Boost's protocols (mk/1.2.x); absent for
   * go-fil-markets (mk/1.1.x) deals and in records written before mk/1.2 support.
   */
  readonly DealUUID?: DealUUID
  /** mk/1.2 online deals: where the provider pulls the data from (DealParams.Transfer). */
  readonly Transfer?: Transfer
}
