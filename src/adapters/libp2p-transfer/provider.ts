/**
 * The provider end of the libp2p push transfer: serves {@link PUSH_TRANSFER_PROTOCOL}, asks the
 * validator to accept each new push (or resumes a channel it knows from the bytes it holds),
 * writes the data frames into the validator's sink, never past the size the request declared,
 * and answers the outcome once the client sent everything.
 *
 * @module
 */

import type { Libp2p, Stream } from '@libp2p/interface'
import {
  ChannelClosedError,
  messageOf,
  PushFailedError,
  PushSizeExceededError,
  PushStalledError,
  StreamResetError,
  StreamTimeoutError,
} from '../../errors.ts'
import type {
  ChannelId,
  ProviderDataTransfer,
  StorageDataTransferVoucher,
  TransferEvent,
  TransferEventType,
  TransferListener,
  TransferSink,
  TransferValidator,
} from '../data-transfer.ts'
import { Listeners } from '../http-transfer/listeners.ts'
import type { AbortOptions } from '../node.ts'
import { encodeFrame, FrameKind, FrameReader, PUSH_TRANSFER_PROTOCOL } from './frames.ts'
import { decodePushRequest, encodePushFinal, encodePushResponse, type PushRequest } from './messages.ts'
import {
  channelKey,
  DEFAULT_PUSH_TIMEOUTS,
  MAX_CONTROL_BYTES,
  MAX_DATA_FRAME_BYTES,
  type PushTimeouts,
  within,
} from './options.ts'
import { Outbox } from './outbox.ts'
import { Watchdog } from './watchdog.ts'

/** Options of {@link Libp2pPushProviderTransfer}. */
export interface Libp2pPushProviderInit extends PushTimeouts {
  /** The libp2p node (the market network's, typically). */
  readonly node: Libp2p
}

type Status = 'transferring' | 'stalled' | 'completed' | 'failed' | 'cancelled'

interface ProviderChannel {
  readonly id: ChannelId
  readonly key: string
  readonly voucher: StorageDataTransferVoucher
  readonly root: string
  readonly size: bigint
  readonly sink: TransferSink
  status: Status
  received: bigint
  initiated: boolean
  stream: Stream | undefined
}

/**
 * The provider end of the push transfer over libp2p. {@link Libp2pPushProviderTransfer.start}
 * registers the protocol handler; {@link Libp2pPushProviderTransfer.stop} removes it.
 *
 * A channel's sink and offset live in memory: a client resuming a channel this end knows
 * continues from the bytes already written; after a restart of the provider the channel is
 * unknown, the validator is asked again and the bytes start over from zero.
 */
export class Libp2pPushProviderTransfer implements ProviderDataTransfer {
  readonly #node: Libp2p
  readonly #timeouts: Required<PushTimeouts>
  readonly #channels = new Map<string, ProviderChannel>()
  readonly #listeners = new Listeners<TransferEvent>()
  #validator: TransferValidator | undefined

  constructor(init: Libp2pPushProviderInit) {
    this.#node = init.node
    this.#timeouts = {
      stallTimeoutMs: init.stallTimeoutMs ?? DEFAULT_PUSH_TIMEOUTS.stallTimeoutMs,
      responseTimeoutMs: init.responseTimeoutMs ?? DEFAULT_PUSH_TIMEOUTS.responseTimeoutMs,
    }
  }

  /** Serves the push protocol on the node. */
  async start(): Promise<void> {
    await this.#node.handle(PUSH_TRANSFER_PROTOCOL, ({ stream, connection }) => {
      this.#serve(stream, connection.remotePeer.toString()).catch(() => undefined)
    })
  }

  /** Stops serving and resets the streams of channels still moving (they stay stalled). */
  async stop(): Promise<void> {
    await this.#node.unhandle(PUSH_TRANSFER_PROTOCOL)
    for (const channel of this.#channels.values())
      channel.stream?.abort(new StreamResetError('the provider stopped'))
  }

  /** Registers the validator that accepts or refuses incoming pushes; pushes are refused without one. */
  setValidator(validator: TransferValidator): void {
    this.#validator = validator
  }

  /**
   * A channel still moving acknowledges (`restarted`); a completed one repeats `completed`; a
   * stalled or unknown one waits for the client to reconnect (it does so by itself), and its
   * `restarted` comes then. Throws ChannelClosedError for a failed or cancelled channel.
   */
  async restart(channel: ChannelId, _options?: AbortOptions): Promise<void> {
    const state = this.#channels.get(channelKey(channel.initiator, channel.id))
    if (state === undefined) return
    switch (state.status) {
      case 'failed':
      case 'cancelled':
        throw new ChannelClosedError(state.key, state.status)
      case 'completed':
        this.#emit(state, 'restarted')
        this.#emit(state, 'completed')
        return
      case 'transferring':
        this.#emit(state, 'restarted')
        return
      case 'stalled':
        return
    }
  }

  /** Observes every channel this end answers. */
  subscribe(listener: TransferListener): () => void {
    return this.#listeners.add(listener)
  }

  async #serve(stream: Stream, from: string): Promise<void> {
    const { responseTimeoutMs } = this.#timeouts
    const outbox = new Outbox()
    stream.sink(outbox.source()).catch(() => undefined)
    const reader = new FrameReader(stream, Math.max(MAX_CONTROL_BYTES, MAX_DATA_FRAME_BYTES))
    let request: PushRequest
    try {
      const frame = await within(
        reader.next(),
        responseTimeoutMs,
        () => new StreamTimeoutError('reading the push request', responseTimeoutMs),
      )
      if (frame === undefined || frame.kind !== FrameKind.request || frame.body.length > MAX_CONTROL_BYTES)
        throw new PushFailedError('the stream did not start with a push request')
      request = decodePushRequest(frame.body)
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)))
      return
    }
    const refuse = async (reason: string) => {
      await outbox
        .write(encodeFrame(FrameKind.response, encodePushResponse({ accepted: false, offset: 0n, reason })))
        .catch(() => undefined)
      outbox.end()
      await stream
        .close({ signal: AbortSignal.timeout(responseTimeoutMs) })
        .catch(() => stream.abort(new Error(reason)))
    }
    const key = channelKey(from, request.channel)
    let state = this.#channels.get(key)
    if (state !== undefined) {
      if (state.status === 'failed' || state.status === 'cancelled')
        return refuse(`channel ${key} is ${state.status}`)
      if (
        state.size !== request.size ||
        state.root !== request.root.toString() ||
        !state.voucher.proposal.equals(request.proposal)
      )
        return refuse(`the request does not match channel ${key}`)
      // A client resuming while its old stream still looks alive: the old stream is dead to it.
      state.stream?.abort(new StreamResetError('the client opened a new stream for the channel'))
      state.stream = undefined
      if (state.status !== 'completed') state.status = 'transferring'
    } else {
      const validator = this.#validator
      if (validator === undefined) return refuse('the provider accepts no push now')
      const voucher: StorageDataTransferVoucher = { proposal: request.proposal }
      let sink: TransferSink
      try {
        sink = await validator.validatePush(from, voucher, request.root)
      } catch (error) {
        return refuse(messageOf(error))
      }
      state = {
        id: { initiator: from, responder: this.#node.peerId.toString(), id: request.channel },
        key,
        voucher,
        root: request.root.toString(),
        size: request.size,
        sink,
        status: 'transferring',
        received: 0n,
        initiated: false,
        stream: undefined,
      }
      this.#channels.set(key, state)
    }
    const known = state.received > 0n || state.initiated || state.status === 'completed'
    try {
      await outbox.write(
        encodeFrame(
          FrameKind.response,
          encodePushResponse({ accepted: true, offset: state.received, reason: '' }),
        ),
      )
    } catch (error) {
      if (state.status === 'transferring') this.#stall(state, messageOf(error))
      return
    }
    if (state.status === 'completed') {
      this.#emit(state, 'restarted')
      this.#emit(state, 'completed')
      await this.#finish(stream, outbox, { ok: true, received: state.received, reason: '' })
      return
    }
    state.stream = stream
    if (request.restart || known) this.#emit(state, 'restarted')
    else {
      this.#emit(state, 'accepted')
      this.#emit(state, 'opened')
    }
    await this.#receive(state, stream, reader, outbox)
  }

  async #receive(state: ProviderChannel, stream: Stream, reader: FrameReader, outbox: Outbox): Promise<void> {
    const { stallTimeoutMs } = this.#timeouts
    const watchdog = new Watchdog(stallTimeoutMs, () =>
      stream.abort(new PushStalledError(state.key, stallTimeoutMs)),
    )
    const current = () => state.stream === stream
    const fail = async (message: string) => {
      state.status = 'failed'
      state.stream = undefined
      this.#emit(state, 'failed', message)
      await this.#finish(stream, outbox, { ok: false, received: state.received, reason: message })
    }
    try {
      if (!state.initiated) {
        state.initiated = true
        this.#emit(state, 'initiated')
      }
      for (;;) {
        const frame = await reader.next()
        if (!current()) return
        if (frame === undefined)
          throw new StreamResetError('the client closed the stream before the end of the payload')
        watchdog.feed()
        if (frame.kind === FrameKind.data) {
          const after = state.received + BigInt(frame.body.length)
          if (after > state.size) return await fail(new PushSizeExceededError(state.size, after).message)
          try {
            await state.sink.write(frame.body)
          } catch (error) {
            return await fail(messageOf(error))
          }
          if (!current()) return
          state.received = after
          this.#emit(state, 'progress')
        } else if (frame.kind === FrameKind.end) {
          if (state.received !== state.size)
            return await fail(`the client ended the push after ${state.received} of ${state.size} bytes`)
          try {
            await state.sink.close()
          } catch (error) {
            return await fail(messageOf(error))
          }
          state.status = 'completed'
          state.stream = undefined
          this.#emit(state, 'completed')
          await this.#finish(stream, outbox, { ok: true, received: state.received, reason: '' })
          return
        } else if (frame.kind === FrameKind.cancel) {
          state.status = 'cancelled'
          state.stream = undefined
          this.#emit(state, 'cancelled', new TextDecoder().decode(frame.body))
          await stream.close().catch(() => undefined)
          return
        } else {
          return await fail(`unexpected push frame of kind ${frame.kind}`)
        }
      }
    } catch (error) {
      if (!current()) return
      stream.abort(error instanceof Error ? error : new Error(String(error)))
      this.#stall(state, messageOf(error))
    } finally {
      watchdog.stop()
      reader.close()
    }
  }

  #stall(state: ProviderChannel, message: string): void {
    state.stream = undefined
    if (state.status !== 'transferring') return
    state.status = 'stalled'
    this.#emit(state, 'stalled', message)
  }

  async #finish(
    stream: Stream,
    outbox: Outbox,
    final: { ok: boolean; received: bigint; reason: string },
  ): Promise<void> {
    await outbox.write(encodeFrame(FrameKind.final, encodePushFinal(final))).catch(() => undefined)
    outbox.end()
    await stream
      .close({ signal: AbortSignal.timeout(this.#timeouts.responseTimeoutMs) })
      .catch(() => stream.abort(new StreamResetError('closing the push stream failed')))
  }

  #emit(state: ProviderChannel, type: TransferEventType, message?: string): void {
    const base = { type, channel: state.id, voucher: state.voucher, transferred: state.received }
    this.#listeners.notify(message === undefined ? base : { ...base, message })
  }
}
