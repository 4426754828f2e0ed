/**
 * Boost's data transfer on the provider side: for an mk/1.2 online deal the provider pulls the
 * payload from the URL the client's DealParams gave, through a pull transfer whose channel events
 * feed the same deal events as a go-fil-markets push (src/provider/transfers.ts). A pull starts when
 * the deal starts waiting for data (DataRequested), again when a provider restarts with the deal
 * waiting for data, and from WaitForTransferRestart after a restart mid-transfer.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type {
  ChannelId,
  ProviderDataTransfer,
  StorageDataTransferVoucher,
} from '../adapters/data-transfer.ts'
import type { PeerId as NetworkPeer } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { peerFromRecord } from '../adapters/record-ids.ts'
import { messageOf, ProtocolFamilyUnavailableError } from '../errors.ts'
import { decodeHttpRequest, type HttpRequest, type MinerDeal, TRANSFER_TYPE_HTTP } from '../market/index.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import type { ProviderLogger } from './environment.ts'
import type { ProviderEvent } from './events.ts'

/** One pull, as the provider lifecycle asks for it. */
export interface PullSpec {
  /** The deal's client (the validator checks it against the deal). */
  readonly from: NetworkPeer
  /** Names the deal: its proposal CID. */
  readonly voucher: StorageDataTransferVoucher
  /** The payload root (DealParams.DealDataRoot). */
  readonly root: CID
  /** Boost's HttpRequest from Transfer.Params: the URL and headers. */
  readonly request: HttpRequest
  /** Transfer.Size: the exact byte length to download; nothing beyond it is written. */
  readonly size: bigint
}

/**
 * A data transfer the provider initiates: it pulls a URL into the staging area its validator
 * (the same one that accepts pushes) hands out, and reports the channel's events like a push. The
 * HTTP pull transfer (`HttpPullProviderTransfer`) implements it.
 */
export interface ProviderPullTransfer extends ProviderDataTransfer {
  /**
   * Validate and start a pull; resolves with the channel id once accepted, before any byte.
   * Rejects with the validator's or the URL policy's refusal; a refused pull reports no event.
   */
  pull(spec: PullSpec, options?: AbortOptions): Promise<ChannelId>
}

/** Whether the deal's data comes by pull: an mk/1.2 online deal. */
export function isPullDeal(deal: MinerDeal): boolean {
  return deal.Transfer !== undefined && deal.InboundCAR !== ''
}

/** The pull a deal asks for. Throws when its transfer is not one this provider can pull. */
export function pullSpecOf(deal: MinerDeal): PullSpec {
  const transfer = deal.Transfer
  if (transfer === undefined || deal.Ref === null) throw new Error('the deal has no transfer to pull')
  if (transfer.Type !== TRANSFER_TYPE_HTTP) {
    throw new ProtocolFamilyUnavailableError(`cannot pull transfers of type '${transfer.Type}'`)
  }
  return {
    from: peerFromRecord(deal.Client),
    voucher: { proposal: deal.ProposalCid },
    root: deal.Ref.Root,
    request: decodeHttpRequest(transfer.Params),
    size: BigInt(transfer.Size),
  }
}

/** Starts the pulls of mk/1.2 deals and tracks the bytes of the running ones. */
export class DealPulls {
  readonly #transfer: ProviderPullTransfer | undefined
  readonly #group: ProviderDealGroup
  readonly #logger: ProviderLogger
  readonly #received = new Map<string, bigint>()

  constructor(transfer: ProviderPullTransfer | undefined, group: ProviderDealGroup, logger: ProviderLogger) {
    this.#transfer = transfer
    this.#group = group
    this.#logger = logger
  }

  /** The pull transfer, if the provider has one. */
  get transfer(): ProviderPullTransfer | undefined {
    return this.#transfer
  }

  /**
   * Start the deal's pull. Rejects when it cannot start (no pull transfer, a transfer type or URL
   * this provider refuses, the validator's refusal); the caller decides what that does to the deal.
   */
  async start(deal: MinerDeal, options?: AbortOptions): Promise<ChannelId> {
    if (this.#transfer === undefined) {
      throw new ProtocolFamilyUnavailableError('this provider has no pull transfer for mk/1.2 deals')
    }
    return this.#transfer.pull(pullSpecOf(deal), options)
  }

  /**
   * Start the pull of a deal that waits for its data, unless one runs already; a pull that cannot
   * start fails the deal (DataTransferFailed), since no client will push instead.
   */
  startOrFail(deal: MinerDeal): void {
    const id = deal.ProposalCid.toString()
    // A deal whose pull runs (a restart event sent to a running provider) is not pulled twice.
    if (this.#received.has(id)) return
    this.#received.set(id, 0n)
    this.start(deal).then(undefined, (error: unknown) => {
      this.#received.delete(id)
      const event: ProviderEvent = { type: 'ProviderEventDataTransferFailed', error: messageOf(error) }
      this.#group.send(id, event).catch((sendError: unknown) => {
        this.#logger.warn(`deal ${id}: the pull did not start (${messageOf(error)}): ${messageOf(sendError)}`)
      })
    })
  }

  /**
   * Follow the group: DataRequested (the deal now waits for data) and a restart that finds the deal
   * waiting for data start the pull. Returns the unsubscribe function.
   */
  follow(): () => void {
    return this.#group.subscribe((event, deal) => {
      if (!isPullDeal(deal) || deal.State !== 'StorageDealWaitingForData') return
      if (event.type === 'ProviderEventDataRequested' || event.type === 'ProviderEventRestart') {
        this.startOrFail(deal)
      }
    })
  }

  /** Track bytes from the pull transfer's events. Returns the unsubscribe function. */
  trackBytes(): () => void {
    if (this.#transfer === undefined) return () => undefined
    return this.#transfer.subscribe((event) => {
      const id = event.voucher.proposal.toString()
      if (event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled')
        this.#received.delete(id)
      else this.#received.set(id, event.transferred)
    })
  }

  /** Bytes received so far by the deal's running pull; 0 when none runs. */
  bytesReceived(deal: MinerDeal): number {
    return Number(this.#received.get(deal.ProposalCid.toString()) ?? 0n)
  }
}
