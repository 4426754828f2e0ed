/**
 * The in-memory data-transfer hub: client and provider ends in one process, push channels
 * between them, and test controls (faults, stall, cancel). Channels live in the hub rather than
 * in the ends, so a client or provider that is restarted on the same end finds its channel, at
 * the byte it reached, and can restart it.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import {
  AbortError,
  ChannelNotFoundError,
  FilDealError,
  messageOf,
  PayloadNotFoundError,
  PeerUnreachableError,
  TransferRefusedError,
} from '../../errors.ts'
import type { Clock } from '../../fsm/clock.ts'
import type { ChannelId, StorageDataTransferVoucher, TransferEvent } from '../data-transfer.ts'
import type { PeerId } from '../network.ts'
import { Channel, type ChannelStatus, type Pacing } from './channel.ts'
import { MemoryClientTransfer, MemoryProviderTransfer, type TransferHubAccess } from './ends.ts'
import { type FaultMatch, type PendingFault, type TransferFault, takeMatching } from './faults.ts'
import { PayloadReader } from './payload-reader.ts'

/** Options of {@link MemoryTransferHub}. */
export interface MemoryTransferInit {
  /**
   * Paces every transfer on a clock, so tests with a VirtualClock decide how far bytes get.
   * Without it, bytes flow as fast as the sink takes them.
   */
  readonly pacing?: {
    readonly clock: Clock
    /** Bytes moved per tick. */
    readonly bytesPerTick: number
    /**
     * Milliseconds between ticks.
     * @default 1000
     */
    readonly tickMs?: number
  }
  /**
   * Largest piece written to a sink at once when transfers are not paced.
   * @default 1048576 (1 MiB)
   */
  readonly chunkBytes?: number
}

/** A channel as a test sees it. */
export interface ChannelSnapshot {
  readonly id: ChannelId
  readonly root: CID
  readonly voucher: StorageDataTransferVoucher
  readonly status: ChannelStatus
  /** Bytes the sink has accepted. */
  readonly transferred: number
}

/** Text key of a channel id, unique within a hub. */
export function channelKey(id: ChannelId): string {
  return `${id.initiator}/${id.responder}/${id.id}`
}

/**
 * Connects {@link MemoryClientTransfer} and {@link MemoryProviderTransfer} ends in one process.
 *
 * @example
 * const hub = new MemoryTransferHub({ pacing: { clock, bytesPerTick: 1024 } })
 * const client = hub.client('client-peer')
 * client.register(root, carBytes)
 * hub.provider('provider-peer').setValidator(validator)
 * await client.startPush('provider-peer', { proposal }, root)
 */
export class MemoryTransferHub {
  readonly #clients = new Map<PeerId, MemoryClientTransfer>()
  readonly #providers = new Map<PeerId, MemoryProviderTransfer>()
  readonly #channels = new Map<string, Channel>()
  readonly #nextId = new Map<PeerId, bigint>()
  readonly #faults: PendingFault[] = []
  readonly #pacing: Pacing | undefined
  readonly #chunkBytes: number
  readonly #access: TransferHubAccess

  constructor(init: MemoryTransferInit = {}) {
    const pacing = init.pacing
    if (pacing !== undefined && !(pacing.bytesPerTick > 0))
      throw new RangeError('bytesPerTick must be positive')
    this.#pacing = pacing && {
      clock: pacing.clock,
      bytesPerTick: pacing.bytesPerTick,
      tickMs: pacing.tickMs ?? 1000,
    }
    this.#chunkBytes = init.chunkBytes ?? 1 << 20
    this.#access = {
      startPush: (from, to, voucher, root, signal) => this.#startPush(from, to, voucher, root, signal),
      restart: async (id, signal) => this.#channel(id).restart(signal),
    }
  }

  /** The client end of `peer`; the same object on every call. */
  client(peer: PeerId): MemoryClientTransfer {
    let end = this.#clients.get(peer)
    if (end === undefined) {
      end = new MemoryClientTransfer(peer, this.#access)
      this.#clients.set(peer, end)
    }
    return end
  }

  /** The provider end of `peer`; the same object on every call. */
  provider(peer: PeerId): MemoryProviderTransfer {
    let end = this.#providers.get(peer)
    if (end === undefined) {
      end = new MemoryProviderTransfer(peer, this.#access)
      this.#providers.set(peer, end)
    }
    return end
  }

  /** Arms `fault` for the next channel opened that `match` selects. */
  injectFault(fault: TransferFault, match: FaultMatch = {}): void {
    this.#faults.push({ fault, match })
  }

  /** Drops the link of a channel now (`stalled` on both ends). */
  stall(id: ChannelId): void {
    this.#channel(id).stall()
  }

  /** Cancels a channel now (`cancelled` on both ends). */
  cancel(id: ChannelId): void {
    this.#channel(id).cancel()
  }

  /** The state of one channel. Throws ChannelNotFoundError. */
  channel(id: ChannelId): ChannelSnapshot {
    return snapshot(this.#channel(id))
  }

  /** Every channel, in the order they were opened. */
  channels(): ChannelSnapshot[] {
    return [...this.#channels.values()].map(snapshot)
  }

  #channel(id: ChannelId): Channel {
    const channel = this.#channels.get(channelKey(id))
    if (channel === undefined) throw new ChannelNotFoundError(channelKey(id))
    return channel
  }

  async #startPush(
    from: MemoryClientTransfer,
    to: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    signal: AbortSignal | undefined,
  ): Promise<ChannelId> {
    if (signal?.aborted) throw new AbortError()
    const provider = this.#providers.get(to)
    if (provider === undefined) throw new PeerUnreachableError(to)
    const source = from.payload(root)
    if (source === undefined) throw new PayloadNotFoundError(root.toString())
    const validator = provider.validator
    if (validator === undefined) throw new TransferRefusedError(`provider ${to} accepts no transfers`)
    let sink: Awaited<ReturnType<typeof validator.validatePush>>
    try {
      sink = await validator.validatePush(from.peerId, voucher, root, signal === undefined ? {} : { signal })
    } catch (error) {
      if (error instanceof FilDealError) throw error
      throw new TransferRefusedError(`provider ${to} refused the push: ${messageOf(error)}`, { cause: error })
    }
    if (signal?.aborted) throw new AbortError()
    const next = this.#nextId.get(from.peerId) ?? 1n
    this.#nextId.set(from.peerId, next + 1n)
    const id: ChannelId = { initiator: from.peerId, responder: to, id: next }
    const channel = new Channel({
      id,
      key: channelKey(id),
      voucher,
      root,
      reader: new PayloadReader(source),
      sink,
      faults: takeMatching(this.#faults, root, voucher.proposal),
      pacing: this.#pacing,
      chunkBytes: this.#chunkBytes,
      emit: (event) => this.#deliver(event),
    })
    this.#channels.set(channelKey(id), channel)
    channel.start()
    return id
  }

  /** Every event goes to both ends of its channel. */
  #deliver(transferEvent: TransferEvent): void {
    this.#clients.get(transferEvent.channel.initiator)?.notify(transferEvent)
    this.#providers.get(transferEvent.channel.responder)?.notify(transferEvent)
  }
}

function snapshot(channel: Channel): ChannelSnapshot {
  return {
    id: channel.id,
    root: channel.root,
    voucher: channel.voucher,
    status: channel.status,
    transferred: channel.transferred,
  }
}
