/**
 * The provider's end of the in-process network.
 *
 * @module
 */
import type { MarketReceiver, PeerId, ProviderNetwork } from '../network.ts'
import { PeerTags } from './peer-tags.ts'

/** Something in flight with this provider that must break when it stops handling. */
export type Resettable = (error: Error) => void

/**
 * A provider on an in-process network. Obtain it with `InProcessNetwork.provider(peer)`; it
 * receives streams and requests once {@link InProcessProviderNetwork.setReceiver} is called.
 */
export class InProcessProviderNetwork implements ProviderNetwork {
  readonly #tags = new PeerTags()
  readonly #inFlight = new Set<Resettable>()
  readonly #stopError: () => Error
  #receiver: MarketReceiver | undefined

  /** @internal Use `InProcessNetwork.provider`. */
  constructor(
    readonly peerId: PeerId,
    stopError: () => Error,
  ) {
    this.#stopError = stopError
  }

  /** The receiver streams and requests go to, or undefined while not handling. */
  get receiver(): MarketReceiver | undefined {
    return this.#receiver
  }

  /** Starts delivering inbound streams and requests to `receiver` (replacing any earlier one). */
  setReceiver(receiver: MarketReceiver): void {
    this.#receiver = receiver
  }

  /**
   * Stops handling: new streams and requests fail with ProtocolNotSupportedError, and those in
   * flight are reset (their clients get StreamResetError), as when the provider's process goes away.
   */
  stopHandling(): void {
    this.#receiver = undefined
    const error = this.#stopError()
    for (const reset of [...this.#inFlight]) reset(error)
    this.#inFlight.clear()
  }

  /** @internal Registers something to reset on stop; the returned function unregisters it. */
  track(reset: Resettable): () => void {
    this.#inFlight.add(reset)
    return () => {
      this.#inFlight.delete(reset)
    }
  }

  /** Streams and requests currently in flight with this provider. */
  get inFlight(): number {
    return this.#inFlight.size
  }

  /** Records `tag` on `peer`. */
  tagPeer(peer: PeerId, tag: string): void {
    this.#tags.tag(peer, tag)
  }

  /** Removes `tag` from `peer`. */
  untagPeer(peer: PeerId, tag: string): void {
    this.#tags.untag(peer, tag)
  }

  /** The tags this provider put on `peer`, in the order added. */
  tags(peer: PeerId): string[] {
    return this.#tags.of(peer)
  }
}
