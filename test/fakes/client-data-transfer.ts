import type { CID } from 'multiformats/cid'
import type {
  ChannelId,
  ClientDataTransfer,
  StorageDataTransferVoucher,
  TransferEventType,
  TransferListener,
} from '../../src/adapters/data-transfer.ts'
import type { PeerId } from '../../src/adapters/network.ts'
import type { AbortOptions } from '../../src/adapters/node.ts'
import { Program } from './client-program.ts'

/** What each transfer call can be scripted to return. */
export interface ClientTransferScript {
  startPush: ChannelId
  restart: undefined
}

/**
 * The client's end of data transfer, in memory: pushes open channels numbered from 1 and are
 * recorded with restarts; nothing moves until a test emits the channel's events with {@link emit}.
 */
export class FakeClientDataTransfer implements ClientDataTransfer {
  readonly program = new Program<ClientTransferScript>()
  readonly pushes: { to: PeerId; voucher: StorageDataTransferVoucher; root: CID; channel: ChannelId }[] = []
  readonly restarts: ChannelId[] = []
  readonly #listeners = new Set<TransferListener>()
  #nextId = 1n

  constructor(readonly self: PeerId) {}

  async startPush(to: PeerId, voucher: StorageDataTransferVoucher, root: CID, options?: AbortOptions) {
    const scripted = await this.program.gate('startPush', options?.signal)
    const channel = scripted?.value ?? { initiator: this.self, responder: to, id: this.#nextId++ }
    this.pushes.push({ to, voucher, root, channel })
    return channel
  }

  async restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    this.restarts.push(channel)
    await this.program.gate('restart', options?.signal)
  }

  subscribe(listener: TransferListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Number of subscribed listeners. */
  get listenerCount(): number {
    return this.#listeners.size
  }

  /** Report an event of the channel tied to `proposal` to every listener. */
  emit(
    type: TransferEventType,
    proposal: CID,
    options: { channel?: ChannelId; message?: string; to?: PeerId } = {},
  ): void {
    const channel = options.channel ?? { initiator: this.self, responder: options.to ?? 'provider', id: 1n }
    const event = {
      type,
      channel,
      voucher: { proposal },
      transferred: 0n,
      ...(options.message === undefined ? {} : { message: options.message }),
    }
    for (const listener of [...this.#listeners]) listener(event)
  }
}
