/**
 * The provider's side of data transfer: the validator that accepts a client's push into the deal's
 * staging area, and the subscriber that turns channel events into deal events (go-fil-markets'
 * request validator and `ProviderDataTransferSubscriber`).
 *
 * @module
 */

import type { ProviderDataTransfer, TransferEvent, TransferValidator } from '../adapters/data-transfer.ts'
import { channelToRecord, peerToRecord } from '../adapters/record-ids.ts'
import type { StagingStore } from '../adapters/staging.ts'
import { messageOf, TransferRefusedError } from '../errors.ts'
import { type MinerDeal, peerIdEquals } from '../market/index.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import type { ProviderLogger } from './environment.ts'
import type { ProviderEvent } from './events.ts'
import { EventText, wrap } from './messages.ts'
import type { StagingWrites } from './staging-writes.ts'
import { TRANSFER_ACCEPTABLE_STATES } from './states.ts'

/**
 * Accepts a push only for a known online deal in a state that expects data, from the deal's client,
 * with the proposal's payload root; the bytes go to the deal's staging area. With `writes`, each
 * staging write and close gets an AbortSignal and is abandoned when it aborts (see
 * {@link StagingWrites}).
 */
export function createTransferValidator(
  group: ProviderDealGroup,
  staging: StagingStore,
  writes?: StagingWrites,
): TransferValidator {
  return {
    async validatePush(from, voucher, root, options) {
      const id = voucher.proposal.toString()
      let deal: MinerDeal
      try {
        deal = await group.get(id, options)
      } catch (error) {
        throw new TransferRefusedError(`push for unknown deal ${id}`, { cause: error })
      }
      if (!TRANSFER_ACCEPTABLE_STATES.includes(deal.State as (typeof TRANSFER_ACCEPTABLE_STATES)[number])) {
        throw new TransferRefusedError(`deal ${id} does not accept data in state ${deal.State}`)
      }
      if (!peerIdEquals(peerToRecord(from), deal.Client))
        throw new TransferRefusedError(`${from} is not the client of deal ${id}`)
      if (deal.Ref === null || !deal.Ref.Root.equals(root)) {
        throw new TransferRefusedError(`push of ${root} does not carry the payload of deal ${id}`)
      }
      if (deal.InboundCAR === '') throw new TransferRefusedError(`deal ${id} is an offline deal`)
      const sink = await staging.openWriter(deal.InboundCAR, options)
      return writes === undefined ? sink : writes.guard(id, sink)
    },
  }
}

/** The deal event a channel event means, or undefined for channel events deals ignore. */
export function transferEventToProviderEvent(event: TransferEvent): ProviderEvent | undefined {
  switch (event.type) {
    case 'completed':
      return { type: 'ProviderEventDataTransferCompleted' }
    case 'cancelled':
      return { type: 'ProviderEventDataTransferCancelled' }
    case 'restarted':
      return { type: 'ProviderEventDataTransferRestarted', channelId: channelToRecord(event.channel) }
    case 'stalled':
      return { type: 'ProviderEventDataTransferStalled' }
    case 'opened':
      return { type: 'ProviderEventDataTransferInitiated', channelId: channelToRecord(event.channel) }
    case 'failed':
      return {
        type: 'ProviderEventDataTransferFailed',
        error: wrap(EventText.transferReported, event.message ?? ''),
      }
    default:
      return undefined
  }
}

/** Feed the deals with the events of their channels; returns the unsubscribe function. */
export function subscribeToTransfers(
  dataTransfer: Pick<ProviderDataTransfer, 'subscribe'>,
  group: ProviderDealGroup,
  logger: ProviderLogger,
): () => void {
  return dataTransfer.subscribe((transfer) => {
    const event = transferEventToProviderEvent(transfer)
    if (event === undefined) return
    const id = transfer.voucher.proposal.toString()
    group.send(id, event).catch((error: unknown) => {
      logger.warn(`deal ${id}: transfer event ${event.type} not applied: ${messageOf(error)}`)
    })
  })
}
