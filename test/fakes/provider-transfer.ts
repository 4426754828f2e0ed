import type { CID } from 'multiformats/cid'
import type {
  ChannelId,
  ProviderDataTransfer,
  TransferEvent,
  TransferEventType,
  TransferListener,
  TransferValidator,
} from '../../src/adapters/data-transfer.ts'
import type { AbortOptions } from '../../src/adapters/node.ts'
import { Faults } from './provider-faults.ts'

/** The provider's data-transfer end: tests push payloads through the registered validator and emit channel events. */
export class FakeProviderDataTransfer implements ProviderDataTransfer {
  readonly faults = new Faults<'restart'>()
  validator: TransferValidator | undefined
  readonly #listeners = new Set<TransferListener>()
  readonly restarts: ChannelId[] = []
  #nextId = 1n

  setValidator(validator: TransferValidator): void {
    this.validator = validator
  }

  async restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    await this.faults.enter('restart', [channel], options?.signal)
    this.restarts.push(channel)
  }

  subscribe(listener: TransferListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Number of subscribed listeners. */
  get listeners(): number {
    return this.#listeners.size
  }

  /** A new channel from `client` to `provider`. */
  channel(client: string, provider: string): ChannelId {
    return { initiator: client, responder: provider, id: this.#nextId++ }
  }

  /** Deliver a channel event to every listener. */
  emit(type: TransferEventType, channel: ChannelId, proposal: CID, message?: string): void {
    const event: TransferEvent = {
      type,
      channel,
      voucher: { proposal },
      transferred: 0n,
      ...(message === undefined ? {} : { message }),
    }
    for (const listener of this.#listeners) listener(event)
  }

  /** Validate a push as the provider would, then write `bytes` into the sink it returns. */
  async push(channel: ChannelId, proposal: CID, root: CID, bytes: Uint8Array): Promise<void> {
    if (this.validator === undefined) throw new Error('no validator registered')
    const sink = await this.validator.validatePush(channel.initiator, { proposal }, root)
    await sink.write(bytes)
    await sink.close()
  }
}
