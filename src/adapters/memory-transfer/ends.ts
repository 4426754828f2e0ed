/**
 * The two ends of the in-memory transfer, as the deal lifecycles see them. They hold only what
 * belongs to one peer (payload registry, validator, listeners); channels live in the hub.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type {
  ChannelId,
  ClientDataTransfer,
  ProviderDataTransfer,
  StorageDataTransferVoucher,
  TransferEvent,
  TransferListener,
  TransferValidator,
} from '../data-transfer.ts'
import type { PeerId } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import type { ByteSource } from '../piece/byte-source.ts'

/** What the ends may ask of their hub. Internal: built by MemoryTransferHub. */
export interface TransferHubAccess {
  startPush(
    from: MemoryClientTransfer,
    to: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    signal: AbortSignal | undefined,
  ): Promise<ChannelId>
  restart(channel: ChannelId, signal: AbortSignal | undefined): Promise<void>
}

/** Listeners of one end. A throwing listener is ignored: it must never break a transfer. */
class Listeners {
  readonly #set = new Set<TransferListener>()

  add(listener: TransferListener): () => void {
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry: TransferListener = (event) => listener(event)
    this.#set.add(entry)
    return () => {
      this.#set.delete(entry)
    }
  }

  notify(event: TransferEvent): void {
    for (const listener of [...this.#set]) {
      try {
        listener(event)
      } catch {
        // A subscriber's failure is its own; the channel and the other subscribers go on.
      }
    }
  }
}

/**
 * The client end: serves registered payloads and pushes them to providers. Obtain it with
 * `MemoryTransferHub.client(peer)`.
 */
export class MemoryClientTransfer implements ClientDataTransfer {
  readonly #hub: TransferHubAccess
  readonly #payloads = new Map<string, ByteSource>()
  readonly #listeners = new Listeners()

  /** @internal Use `MemoryTransferHub.client`. */
  constructor(
    readonly peerId: PeerId,
    hub: TransferHubAccess,
  ) {
    this.#hub = hub
  }

  /**
   * Serves `source` as the payload under `root` (a CAR, typically). A source is read once per
   * channel, front to back, across stalls and restarts; give a re-iterable source (bytes, an
   * array, `fileSource(path)`) when several channels may push the same root.
   */
  register(root: CID, source: ByteSource): void {
    this.#payloads.set(root.toString(), source)
  }

  /** Stops serving `root`; channels already open keep their source. */
  unregister(root: CID): void {
    this.#payloads.delete(root.toString())
  }

  /** @internal The payload registered under `root`. */
  payload(root: CID): ByteSource | undefined {
    return this.#payloads.get(root.toString())
  }

  /**
   * Asks the provider's validator to accept the push, then opens the channel (`accepted`,
   * `opened`) and resolves with its id while bytes start to flow (`initiated`, `progress`,
   * `completed`). Rejects with PeerUnreachableError, PayloadNotFoundError, AbortError, or the
   * validator's refusal: a library error as it is, anything else wrapped in TransferRefusedError
   * (message included, original as `cause`). A refused push emits no event.
   */
  startPush(
    to: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    options?: AbortOptions,
  ): Promise<ChannelId> {
    return this.#hub.startPush(this, to, voucher, root, options?.signal)
  }

  /** Resumes a stalled channel from the byte it reached (`restarted` on both ends). */
  restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    return this.#hub.restart(channel, options?.signal)
  }

  /** Observes every channel this peer initiated. */
  subscribe(listener: TransferListener): () => void {
    return this.#listeners.add(listener)
  }

  /** @internal Delivers a channel event to this end's listeners. */
  notify(event: TransferEvent): void {
    this.#listeners.notify(event)
  }
}

/** The provider end: validates incoming pushes. Obtain it with `MemoryTransferHub.provider(peer)`. */
export class MemoryProviderTransfer implements ProviderDataTransfer {
  readonly #hub: TransferHubAccess
  readonly #listeners = new Listeners()
  #validator: TransferValidator | undefined

  /** @internal Use `MemoryTransferHub.provider`. */
  constructor(
    readonly peerId: PeerId,
    hub: TransferHubAccess,
  ) {
    this.#hub = hub
  }

  /** The registered validator; pushes are refused while there is none. */
  get validator(): TransferValidator | undefined {
    return this.#validator
  }

  /** Registers the validator that accepts or refuses incoming pushes (replacing any earlier one). */
  setValidator(validator: TransferValidator): void {
    this.#validator = validator
  }

  /** Asks the client to resume a channel; same effect as the client's restart. */
  restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    return this.#hub.restart(channel, options?.signal)
  }

  /** Observes every channel this peer answers. */
  subscribe(listener: TransferListener): () => void {
    return this.#listeners.add(listener)
  }

  /** @internal Delivers a channel event to this end's listeners. */
  notify(event: TransferEvent): void {
    this.#listeners.notify(event)
  }
}
