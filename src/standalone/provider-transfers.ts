/**
 * The provider process's data transfer: pushes arrive over the libp2p push protocol (mk/1.1
 * deals), pulls run over HTTP (mk/1.2 deals). The provider is given the pull end as its
 * `pullTransfer` too, and then registers its validator and subscribes there by itself; so this
 * end forwards the validator and the subscribers to the push end only (forwarding them to the
 * pull end as well would deliver every pull event twice). A restart goes to the end that runs
 * the channel.
 *
 * @module
 */

import type {
  ChannelId,
  ProviderDataTransfer,
  TransferListener,
  TransferValidator,
} from '../adapters/data-transfer.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { ChannelNotFoundError } from '../errors.ts'

/** The push end, with restarts of pull channels routed to the pull end. */
export class ProviderTransfers implements ProviderDataTransfer {
  readonly #push: ProviderDataTransfer
  readonly #pull: ProviderDataTransfer

  constructor(push: ProviderDataTransfer, pull: ProviderDataTransfer) {
    this.#push = push
    this.#pull = pull
  }

  /** Registers the validator of pushes. */
  setValidator(validator: TransferValidator): void {
    this.#push.setValidator(validator)
  }

  /** Restarts the pull that runs `channel`, or else the push (which waits for its client). */
  async restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    try {
      await this.#pull.restart(channel, options)
    } catch (error) {
      if (!(error instanceof ChannelNotFoundError)) throw error
      await this.#push.restart(channel, options)
    }
  }

  /** Observes the push channels. */
  subscribe(listener: TransferListener): () => void {
    return this.#push.subscribe(listener)
  }
}
