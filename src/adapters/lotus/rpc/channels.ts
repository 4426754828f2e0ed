/**
 * The open channels of one WebSocket (go-jsonrpc's `xrpc.ch.*`): a channel id the node allocated
 * per connection, the request that opened it, and where its values go.
 *
 * @module
 */
import type { JsonValue } from '../json/text.ts'

/** Where a channel's values go. */
export interface ChannelHandlers {
  onValue(value: JsonValue): void
  /** The node closed the channel, or the socket dropped. Not called after a cancel. */
  onClose(): void
}

/** Channels by the id the node gave them. */
export class Channels {
  readonly #byId = new Map<number, { readonly requestId: number; readonly handlers: ChannelHandlers }>()

  /** Records the channel the node opened in answer to request `requestId`. */
  open(chanId: number, requestId: number, handlers: ChannelHandlers): void {
    this.#byId.set(chanId, { requestId, handlers })
  }

  /** Hands an `xrpc.ch.val` value to its channel. */
  value(chanId: number, value: JsonValue): void {
    this.#byId.get(chanId)?.handlers.onValue(value)
  }

  /** The node closed a channel (`xrpc.ch.close`). */
  closed(chanId: number): void {
    const channel = this.#byId.get(chanId)
    this.#byId.delete(chanId)
    channel?.handlers.onClose()
  }

  /** Forgets the channel opened by `requestId` without a call; true if it was open. */
  cancel(requestId: number): boolean {
    for (const [chanId, channel] of this.#byId) {
      if (channel.requestId !== requestId) continue
      this.#byId.delete(chanId)
      return true
    }
    return false
  }

  /** The socket dropped: every channel is told and forgotten. */
  dropAll(): void {
    const channels = [...this.#byId.values()]
    this.#byId.clear()
    for (const channel of channels) channel.handlers.onClose()
  }
}
