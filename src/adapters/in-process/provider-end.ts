/**
 * The provider's end of the in-process network.
 *
 * @module
 */
import {
  DEAL_PROTOCOL_FAMILIES,
  type DealProtocolFamily,
  type MarketReceiver,
  type PeerId,
  type ProviderNetwork,
} from '../network.ts'
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
  #families: readonly DealProtocolFamily[] = DEAL_PROTOCOL_FAMILIES

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

  /**
   * The deal protocol families served now, newest first: mk/1.2 when the receiver has its handlers
   * (and {@link serveOnly} allows it), mk/1.1 unless excluded; none while not handling.
   */
  get families(): readonly DealProtocolFamily[] {
    const receiver = this.#receiver
    if (receiver === undefined) return []
    const mk12 = receiver.handleDealParams !== undefined && receiver.handleMk12DealStatusRequest !== undefined
    return this.#families.filter((family) => family === 'mk/1.1' || mk12)
  }

  /**
   * Serve only these families (a go-fil-markets-only or Boost-only provider); the protocols of the
   * others are refused with ProtocolNotSupportedError.
   * @default both families
   */
  serveOnly(families: readonly DealProtocolFamily[]): void {
    this.#families = DEAL_PROTOCOL_FAMILIES.filter((family) => families.includes(family))
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
