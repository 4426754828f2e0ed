/**
 * The data-transfer contract: the client pushes a payload to the provider over a channel that can
 * stall, restart, fail or be cancelled; both ends observe the channel's events (go-data-transfer's
 * role in go-fil-markets). Implementations: in memory (the embedded default) and HTTP pull.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { PeerId } from './network.ts'
import type { AbortOptions } from './node.ts'

/** Identifies a channel: who opened it, who answers, and a number unique to the initiator. */
export interface ChannelId {
  readonly initiator: PeerId
  readonly responder: PeerId
  readonly id: bigint
}

/** The voucher that ties a transfer to a deal. */
export interface StorageDataTransferVoucher {
  readonly proposal: CID
}

/**
 * What happened on a channel, as the deal lifecycles care about it:
 * `accepted` (the responder queued the request), `opened` (the channel is open on the
 * responder), `initiated` (bytes started to flow), `progress`, `restarted`, `stalled` (the peer
 * disconnected), `completed`, `failed` (with a message), `cancelled`.
 */
export type TransferEventType =
  | 'accepted'
  | 'opened'
  | 'initiated'
  | 'progress'
  | 'restarted'
  | 'stalled'
  | 'completed'
  | 'failed'
  | 'cancelled'

/** One channel event. */
export interface TransferEvent {
  readonly type: TransferEventType
  readonly channel: ChannelId
  readonly voucher: StorageDataTransferVoucher
  /** Bytes moved so far. */
  readonly transferred: bigint
  /** Error text for `failed`. */
  readonly message?: string
}

export type TransferListener = (event: TransferEvent) => void

/** The client's end: push a payload to a provider. */
export interface ClientDataTransfer {
  /**
   * Open a push channel of the payload under `root` to `to`; resolves with its id once opened.
   * Aborting `options.signal` only abandons the wait: a channel that has opened keeps running (the
   * client's deal may leave StartDataTransfer on the channel's own events before this resolves).
   */
  startPush(
    to: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    options?: AbortOptions,
  ): Promise<ChannelId>
  /** Resume a channel after a restart of either side. */
  restart(channel: ChannelId, options?: AbortOptions): Promise<void>
  /** Observe every channel this end takes part in. */
  subscribe(listener: TransferListener): () => void
}

/** Where the provider writes an incoming payload. */
export interface TransferSink {
  /** Append bytes; the sink enforces its own size limit. */
  write(chunk: Uint8Array, options?: AbortOptions): Promise<void>
  /** All bytes arrived. */
  close(options?: AbortOptions): Promise<void>
}

/** Decides whether to accept an incoming push, and where its bytes go. */
export interface TransferValidator {
  /** Resolve with a sink to accept the push, or reject with the reason to refuse it. */
  validatePush(
    from: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    options?: AbortOptions,
  ): Promise<TransferSink>
}

/** The provider's end: receive pushes it has validated. */
export interface ProviderDataTransfer {
  /** Register the validator that accepts or refuses incoming pushes. */
  setValidator(validator: TransferValidator): void
  /** Ask the client to resume a channel (the provider restarted mid-transfer). */
  restart(channel: ChannelId, options?: AbortOptions): Promise<void>
  subscribe(listener: TransferListener): () => void
}
