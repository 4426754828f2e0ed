/**
 * The embedded market's data transfer: the in-memory hub behind channel ids that survive the
 * process. Channels are recorded (recipient, root, proposal) in the market's datastore under ids
 * this layer hands out, so a resumed market, whose hub knows none of the old channels, can still
 * restart one: it pushes the payload again and reports the new channel as the old one, restarted
 * (go-data-transfer keeps its channels in a datastore for the same reason). Stalled pushes are
 * resumed on the client side before the deal hears of them (see {@link StallRestarter}).
 *
 * @module
 */
import type { Datastore } from 'interface-datastore'
import { Key } from 'interface-datastore'
import { CID } from 'multiformats/cid'
import type {
  ChannelId,
  ClientDataTransfer,
  ProviderDataTransfer,
  TransferEvent,
  TransferListener,
  TransferValidator,
} from '../adapters/data-transfer.ts'
import { channelKey, type MemoryTransferHub } from '../adapters/memory-transfer/index.ts'
import type { PeerId } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { ChannelNotFoundError, TransferRefusedError } from '../errors.ts'
import { Listeners } from './listeners.ts'
import { StallRestarter, type StallRestartInit } from './stall-restart.ts'

interface ChannelRecord {
  readonly to: PeerId
  readonly root: string
  readonly proposal: string
}

const NEXT_KEY = new Key('/next')
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** What the transfers are built on. */
export interface EmbeddedTransfersInit {
  readonly hub: MemoryTransferHub
  readonly clientPeer: PeerId
  readonly providerPeer: PeerId
  /** Where channel records go; give it its own namespace. */
  readonly datastore: Datastore
  /** Client-side resumption of stalled pushes; none when undefined. */
  readonly stallRestart: StallRestartInit | undefined
  /** Failures nobody awaits (a channel record that could not be written). */
  readonly onError: (error: Error) => void
}

/** Both ends of the embedded data transfer. */
export class EmbeddedTransfers {
  readonly client: ClientDataTransfer
  readonly provider: ProviderDataTransfer
  readonly #init: EmbeddedTransfersInit
  readonly #clientListeners = new Listeners<TransferEvent>()
  readonly #providerListeners = new Listeners<TransferEvent>()
  /** Hub channel key → the id the deals know. */
  readonly #byHub = new Map<string, ChannelId>()
  /** Deal-side channel key → hub channel id. */
  readonly #toHub = new Map<string, ChannelId>()
  /** Proposal → the deal-side id a push being reopened stands for. */
  readonly #reopening = new Map<string, ChannelId>()
  /** Reopened hub channels, whose start is reported as a restart. */
  readonly #reopened = new Set<string>()
  readonly #repushes = new Map<string, Promise<void>>()
  readonly #stalls: StallRestarter | undefined
  readonly #unsubscribe: (() => void)[]
  #next: bigint

  private constructor(init: EmbeddedTransfersInit, next: bigint) {
    this.#init = init
    this.#next = next
    const { hub, clientPeer, providerPeer } = init
    this.#stalls =
      init.stallRestart === undefined
        ? undefined
        : new StallRestarter(init.stallRestart, (channel) => hub.client(clientPeer).restart(channel))
    this.#unsubscribe = [
      hub.client(clientPeer).subscribe((event) => this.#fromHub(event, 'client')),
      hub.provider(providerPeer).subscribe((event) => this.#fromHub(event, 'provider')),
    ]
    const restart = (channel: ChannelId, options?: AbortOptions): Promise<void> =>
      this.#restart(channel, options)
    this.client = {
      startPush: async (to, voucher, root, options) => {
        const channel = await hub.client(clientPeer).startPush(to, voucher, root, options)
        return this.#publicId(channel, voucher.proposal)
      },
      restart,
      subscribe: (listener: TransferListener) => this.#clientListeners.add(listener),
    }
    this.provider = {
      setValidator: (validator: TransferValidator) => hub.provider(providerPeer).setValidator(validator),
      restart,
      subscribe: (listener: TransferListener) => this.#providerListeners.add(listener),
    }
  }

  /**
   * Opens the transfers, reading the next channel id from `init.datastore`: past every channel
   * recorded, even when a crash kept the counter's own write from landing.
   */
  static async open(init: EmbeddedTransfersInit): Promise<EmbeddedTransfers> {
    let next = (await init.datastore.has(NEXT_KEY))
      ? BigInt(decoder.decode(await init.datastore.get(NEXT_KEY)))
      : 1n
    for await (const key of init.datastore.queryKeys({ prefix: '/channels' })) {
      const id = BigInt(key.baseNamespace())
      if (id >= next) next = id + 1n
    }
    return new EmbeddedTransfers(init, next)
  }

  /** Stops listening to the hub and drops pending stall restarts. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
    this.#stalls?.close()
  }

  #fromHub(event: TransferEvent, end: 'client' | 'provider'): void {
    const hubKey = channelKey(event.channel)
    const channel = this.#publicId(event.channel, event.voucher.proposal)
    const translated: TransferEvent = { ...event, channel }
    const listeners = end === 'client' ? this.#clientListeners : this.#providerListeners
    // Only a running client resumes its pushes; with none subscribed, its process is down.
    if (end === 'client' && this.#stalls !== undefined && listeners.size > 0) {
      const held = this.#stalls.hold(event, () => listeners.notify(translated))
      if (held) return
    }
    listeners.notify(translated)
    if (event.type === 'initiated' && this.#reopened.has(hubKey)) {
      listeners.notify({ ...translated, type: 'restarted' })
    }
  }

  /** The deal-side id of a hub channel, handed out (and recorded) the first time it is seen. */
  #publicId(hubChannel: ChannelId, proposal: CID): ChannelId {
    const hubKey = channelKey(hubChannel)
    const known = this.#byHub.get(hubKey)
    if (known !== undefined) return known
    const reopened = this.#reopening.get(proposal.toString())
    let channel: ChannelId
    if (reopened !== undefined) {
      channel = reopened
      this.#reopened.add(hubKey)
    } else {
      channel = { initiator: hubChannel.initiator, responder: hubChannel.responder, id: this.#next++ }
      const root = this.#init.hub.channel(hubChannel).root.toString()
      this.#record(channel, { to: hubChannel.responder, root, proposal: proposal.toString() })
    }
    this.#byHub.set(hubKey, channel)
    this.#toHub.set(channelKey(channel), hubChannel)
    return channel
  }

  #record(channel: ChannelId, record: ChannelRecord): void {
    const { datastore, onError } = this.#init
    const writes = Promise.all([
      datastore.put(new Key(`/channels/${channel.id}`), encoder.encode(JSON.stringify(record))),
      datastore.put(NEXT_KEY, encoder.encode(this.#next.toString())),
    ])
    writes.catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))))
  }

  async #restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    const key = channelKey(channel)
    const hubChannel = this.#toHub.get(key)
    if (hubChannel !== undefined)
      return this.#init.hub.client(this.#init.clientPeer).restart(hubChannel, options)
    let repush = this.#repushes.get(key)
    if (repush === undefined) {
      repush = this.#repush(channel, options).finally(() => this.#repushes.delete(key))
      this.#repushes.set(key, repush)
    }
    return repush
  }

  /** Pushes a channel's payload again, for a channel the hub does not know (opened by an earlier process). */
  async #repush(channel: ChannelId, options?: AbortOptions): Promise<void> {
    const { datastore, hub, clientPeer } = this.#init
    const key = new Key(`/channels/${channel.id}`)
    if (channel.initiator !== clientPeer || !(await datastore.has(key))) {
      throw new ChannelNotFoundError(channelKey(channel))
    }
    const record = JSON.parse(decoder.decode(await datastore.get(key))) as ChannelRecord
    this.#reopening.set(record.proposal, channel)
    const proposal = CID.parse(record.proposal)
    try {
      await hub.client(clientPeer).startPush(record.to, { proposal }, CID.parse(record.root), options)
    } catch (error) {
      if (!refused(error)) throw error
      // The provider takes no more data for the deal: it got it all before the crash that kept the
      // client from recording so, or the deal ended there. Either way this channel is over, as
      // go-data-transfer reports a channel its responder finished; the client then learns where
      // the deal stands from the provider's status.
      const voucher = { proposal }
      this.#clientListeners.notify({ type: 'restarted', channel, voucher, transferred: 0n })
      this.#clientListeners.notify({ type: 'completed', channel, voucher, transferred: 0n })
    } finally {
      this.#reopening.delete(record.proposal)
    }
  }
}

/** True when the provider's validator refused a push (the error or its cause). */
function refused(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === TransferRefusedError.code) return true
  }
  return false
}
