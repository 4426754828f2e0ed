/**
 * Translation of data-transfer notifications into client deal events (go-fil-markets
 * `ClientDataTransferSubscriber`). The deal is the one named by the transfer's voucher.
 *
 * @module
 */

import type { ClientDataTransfer, TransferEvent } from '../adapters/data-transfer.ts'
import { channelToRecord } from '../adapters/record-ids.ts'
import { DealNotFoundError, DealTerminatedError, InvalidTransitionError, NotStartedError } from '../errors.ts'
import type { ClientEvent } from './events.ts'
import { clientMessages as m } from './messages.ts'

/** The client event a transfer notification stands for; undefined for progress and the like. */
export function clientEventForTransfer(event: TransferEvent): ClientEvent | undefined {
  switch (event.type) {
    case 'completed':
      return { type: 'ClientEventDataTransferComplete' }
    case 'cancelled':
      return { type: 'ClientEventDataTransferCancelled' }
    case 'restarted':
      return { type: 'ClientEventDataTransferRestarted', channel: channelToRecord(event.channel) }
    case 'stalled':
      // The reference sends this without the argument its action requires, so it is never applied.
      return event.message === undefined
        ? { type: 'ClientEventDataTransferStalled' }
        : { type: 'ClientEventDataTransferStalled', error: event.message }
    case 'accepted':
      return { type: 'ClientEventDataTransferQueued', channel: channelToRecord(event.channel) }
    case 'initiated':
      return { type: 'ClientEventDataTransferInitiated', channel: channelToRecord(event.channel) }
    case 'failed':
      return {
        type: 'ClientEventDataTransferFailed',
        error: m.transferReportedError(event.message ?? 'no reason given'),
      }
    default:
      return undefined
  }
}

/** Where translated events go. */
export interface TransferEventSink {
  send(id: string, event: ClientEvent): Promise<unknown>
}

/**
 * Forward every transfer notification that stands for a client event to the deal its voucher
 * names. Notifications about unknown deals, or not meaningful in the deal's state, are dropped
 * (the transfer module reports everything, the table decides what counts); any other failure goes
 * to `onError`. Returns the unsubscribe function.
 */
export function forwardTransferEvents(
  dataTransfer: ClientDataTransfer,
  sink: TransferEventSink,
  onError: (error: Error, id: string) => void,
): () => void {
  return dataTransfer.subscribe((event) => {
    const clientEvent = clientEventForTransfer(event)
    if (clientEvent === undefined) return
    const id = event.voucher.proposal.toString()
    // Sent at once (not after a lookup) so that notifications keep their order per deal.
    sink.send(id, clientEvent).then(undefined, (error: unknown) => {
      if (isExpectedDrop(error)) return
      onError(error instanceof Error ? error : new Error(String(error)), id)
    })
  })
}

function isExpectedDrop(error: unknown): boolean {
  return (
    error instanceof DealNotFoundError ||
    error instanceof InvalidTransitionError ||
    error instanceof DealTerminatedError ||
    error instanceof NotStartedError
  )
}
