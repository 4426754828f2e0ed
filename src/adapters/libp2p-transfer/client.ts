/**
 * The client end of the libp2p push transfer: opens a stream to the provider, asks it to accept
 * the payload (or to resume it), then streams the payload's bytes in data frames and waits for
 * the provider's outcome. A broken or silent stream leaves the channel `stalled`; a restart opens
 * a new stream and resumes from the offset the provider reports.
 *
 * @module
 */

import type { Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { CID } from 'multiformats/cid'
import {
  AbortError,
  ChannelClosedError,
  ChannelNotFoundError,
  messageOf,
  PayloadNotFoundError,
  PushFailedError,
  PushStalledError,
  StreamResetError,
  StreamTimeoutError,
  TransferRefusedError,
} from '../../errors.ts'
import type {
  ChannelId,
  ClientDataTransfer,
  StorageDataTransferVoucher,
  TransferEvent,
  TransferEventType,
  TransferListener,
} from '../data-transfer.ts'
import { Listeners } from '../http-transfer/listeners.ts'
import { toOpenError } from '../libp2p/stream-io.ts'
import type { PeerId } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import { encodeFrame, FrameKind, FrameReader, PUSH_TRANSFER_PROTOCOL } from './frames.ts'
import { decodePushFinal, decodePushResponse, encodePushRequest } from './messages.ts'
import {
  channelKey,
  DEFAULT_CHUNK_BYTES,
  DEFAULT_PUSH_TIMEOUTS,
  MAX_CONTROL_BYTES,
  type PushTimeouts,
  within,
} from './options.ts'
import { Outbox } from './outbox.ts'
import type { PushPayload, PushPayloadLookup } from './payload.ts'
import { Watchdog } from './watchdog.ts'

/** How a stalled channel is resumed without being asked. */
export interface AutoRestartPolicy {
  /** Restarts tried in a row before the channel stays stalled; 0 turns them off. */
  readonly attempts: number
  /** Wait before each. */
  readonly delayMs: number
}

/** Defaults of {@link AutoRestartPolicy}. */
export const DEFAULT_AUTO_RESTART: AutoRestartPolicy = { attempts: 5, delayMs: 2_000 }

/** Options of {@link Libp2pPushClientTransfer}. */
export interface Libp2pPushClientInit extends PushTimeouts {
  /** The libp2p node (the market network's, typically). */
  readonly node: Libp2p
  /** Finds the payload to push under a root CID. */
  readonly payload: PushPayloadLookup
  /** Payload bytes per data frame. @default 256 KiB */
  readonly chunkBytes?: number
  /** Restarts of stalled channels. @default 5 attempts, 2 s apart */
  readonly autoRestart?: AutoRestartPolicy
}

type Status = 'transferring' | 'stalled' | 'completed' | 'failed' | 'cancelled'

/** One open stream of a channel. */
interface Link {
  readonly stream: Stream
  readonly outbox: Outbox
  readonly reader: FrameReader
  readonly offset: bigint
  readonly controller: AbortController
}

interface ClientChannel {
  readonly id: ChannelId
  readonly key: string
  readonly voucher: StorageDataTransferVoucher
  readonly root: CID
  readonly payload: PushPayload
  status: Status
  sent: bigint
  link: Link | undefined
  initiated: boolean
  autoAttempts: number
  timer: ReturnType<typeof setTimeout> | undefined
  resuming: Promise<void> | undefined
}

/** The client end of the push transfer over libp2p. Call {@link Libp2pPushClientTransfer.close} when done. */
export class Libp2pPushClientTransfer implements ClientDataTransfer {
  readonly #init: Libp2pPushClientInit
  readonly #timeouts: Required<PushTimeouts>
  readonly #channels = new Map<string, ClientChannel>()
  readonly #listeners = new Listeners<TransferEvent>()
  #next = BigInt(Date.now()) * 1000n
  #closed = false

  constructor(init: Libp2pPushClientInit) {
    this.#init = init
    this.#timeouts = {
      stallTimeoutMs: init.stallTimeoutMs ?? DEFAULT_PUSH_TIMEOUTS.stallTimeoutMs,
      responseTimeoutMs: init.responseTimeoutMs ?? DEFAULT_PUSH_TIMEOUTS.responseTimeoutMs,
    }
  }

  /**
   * Asks the provider to accept the push; once it does, emits `accepted` and `opened`, resolves
   * with the channel id and streams the bytes (`initiated`, `progress`, `completed`). Rejects with
   * PayloadNotFoundError, PeerUnreachableError, ProtocolNotSupportedError, AbortError,
   * StreamTimeoutError, or TransferRefusedError with the provider's reason (no event then).
   */
  async startPush(
    to: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    options?: AbortOptions,
  ): Promise<ChannelId> {
    if (options?.signal?.aborted === true) throw new AbortError('the push was aborted before it opened')
    const payload = await this.#init.payload(root)
    if (payload === undefined) throw new PayloadNotFoundError(root.toString())
    this.#next += 1n
    const id: ChannelId = { initiator: this.#init.node.peerId.toString(), responder: to, id: this.#next }
    const channel: ClientChannel = {
      id,
      key: channelKey(id.initiator, id.id),
      voucher,
      root,
      payload,
      status: 'transferring',
      sent: 0n,
      link: undefined,
      initiated: false,
      autoAttempts: 0,
      timer: undefined,
      resuming: undefined,
    }
    const link = await this.#open(channel, false, options?.signal)
    this.#channels.set(channel.key, channel)
    this.#emit(channel, 'accepted')
    this.#emit(channel, 'opened')
    this.#run(channel, link)
    return id
  }

  /**
   * Resumes a stalled channel from the offset the provider holds (`restarted`); a channel still
   * moving only acknowledges, a completed one repeats `completed`. Throws ChannelNotFoundError
   * for a channel this end does not know (its state is kept in memory only), ChannelClosedError
   * for a failed or cancelled one, TransferRefusedError when the provider refuses to resume.
   */
  async restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    const state = this.#channels.get(channelKey(channel.initiator, channel.id))
    if (state === undefined) throw new ChannelNotFoundError(channelKey(channel.initiator, channel.id))
    clearTimeout(state.timer)
    state.timer = undefined
    switch (state.status) {
      case 'failed':
      case 'cancelled':
        throw new ChannelClosedError(state.key, state.status)
      case 'completed':
        this.#emit(state, 'restarted')
        this.#emit(state, 'completed')
        return
      case 'transferring':
        if (state.resuming !== undefined) return state.resuming
        this.#emit(state, 'restarted')
        return
      case 'stalled': {
        const resuming = this.#resume(state, options?.signal)
        state.resuming = resuming
        try {
          await resuming
        } finally {
          state.resuming = undefined
        }
      }
    }
  }

  /** Cancels a channel: `cancelled` on both ends. Unknown or finished channels are left as they are. */
  async cancel(channel: ChannelId, reason = 'cancelled by the client'): Promise<void> {
    const state = this.#channels.get(channelKey(channel.initiator, channel.id))
    if (state === undefined || !(state.status === 'transferring' || state.status === 'stalled')) return
    clearTimeout(state.timer)
    state.status = 'cancelled'
    const link = state.link
    state.link = undefined
    this.#emit(state, 'cancelled', reason)
    if (link === undefined) return
    link.controller.abort()
    await within(
      link.outbox.write(encodeFrame(FrameKind.cancel, new TextEncoder().encode(reason))),
      1_000,
      () => new StreamTimeoutError('sending the cancellation', 1_000),
    ).catch(() => undefined)
    link.outbox.end()
    await link.stream
      .close({ signal: AbortSignal.timeout(1_000) })
      .catch(() => link.stream.abort(new Error(reason)))
  }

  /** Observes every channel this end opened. */
  subscribe(listener: TransferListener): () => void {
    return this.#listeners.add(listener)
  }

  /** Stops every channel's stream and pending restart; the channels stay stalled. */
  async close(): Promise<void> {
    this.#closed = true
    for (const channel of this.#channels.values()) {
      clearTimeout(channel.timer)
      const link = channel.link
      channel.link = undefined
      link?.controller.abort()
      link?.stream.abort(new AbortError('the push transfer closed'))
    }
  }

  async #resume(state: ClientChannel, signal: AbortSignal | undefined): Promise<void> {
    let link: Link
    try {
      link = await this.#open(state, true, signal)
    } catch (error) {
      if (error instanceof TransferRefusedError) {
        state.status = 'failed'
        this.#emit(state, 'failed', error.message)
      }
      throw error
    }
    if (state.status !== 'stalled') {
      link.stream.abort(new AbortError('the channel changed while resuming'))
      return
    }
    state.status = 'transferring'
    this.#emit(state, 'restarted')
    this.#run(state, link)
  }

  /** Opens a stream and asks the provider to accept (or resume) the push. */
  async #open(state: ClientChannel, restart: boolean, signal: AbortSignal | undefined): Promise<Link> {
    const { responseTimeoutMs } = this.#timeouts
    const openSignal =
      signal === undefined
        ? AbortSignal.timeout(responseTimeoutMs)
        : AbortSignal.any([signal, AbortSignal.timeout(responseTimeoutMs)])
    let stream: Stream
    try {
      stream = await this.#init.node.dialProtocol(
        peerIdFromString(state.id.responder),
        PUSH_TRANSFER_PROTOCOL,
        {
          signal: openSignal,
        },
      )
    } catch (error) {
      throw toOpenError(error, state.id.responder, [PUSH_TRANSFER_PROTOCOL])
    }
    const outbox = new Outbox()
    stream.sink(outbox.source()).catch(() => undefined)
    const reader = new FrameReader(stream, MAX_CONTROL_BYTES)
    const onAbort = () => stream.abort(new AbortError('the push was aborted'))
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const request = encodePushRequest({
        channel: state.id.id,
        proposal: state.voucher.proposal,
        root: state.root,
        size: state.payload.size,
        restart,
      })
      const answer = (async () => {
        await outbox.write(encodeFrame(FrameKind.request, request))
        return reader.next()
      })()
      const frame = await within(answer, responseTimeoutMs, () => {
        const error = new StreamTimeoutError('waiting for the push response', responseTimeoutMs)
        stream.abort(error)
        return error
      })
      if (signal?.aborted === true) throw new AbortError('the push was aborted')
      if (frame === undefined || frame.kind !== FrameKind.response)
        throw new PushFailedError('the provider answered the push request with no response')
      const response = decodePushResponse(frame.body)
      if (!response.accepted) {
        outbox.end()
        await stream.close().catch(() => undefined)
        throw new TransferRefusedError(response.reason)
      }
      if (response.offset > state.payload.size)
        throw new PushFailedError(
          `the provider holds ${response.offset} bytes of a ${state.payload.size}-byte payload`,
        )
      return { stream, outbox, reader, offset: response.offset, controller: new AbortController() }
    } catch (error) {
      if (!(error instanceof TransferRefusedError))
        stream.abort(error instanceof Error ? error : new Error(String(error)))
      if (signal?.aborted === true && !(error instanceof AbortError))
        throw new AbortError('the push was aborted', { cause: error })
      throw error
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  #run(state: ClientChannel, link: Link): void {
    state.link = link
    state.sent = link.offset
    this.#pump(state, link).catch(() => undefined)
  }

  async #pump(state: ClientChannel, link: Link): Promise<void> {
    const { stallTimeoutMs } = this.#timeouts
    const chunkBytes = this.#init.chunkBytes ?? DEFAULT_CHUNK_BYTES
    const watchdog = new Watchdog(stallTimeoutMs, () =>
      link.stream.abort(new PushStalledError(state.key, stallTimeoutMs)),
    )
    const current = () => state.link === link
    // Read the provider's outcome from the start: a broken stream or an early refusal shows here
    // even while the payload is slow to read.
    let broken: Error | undefined
    const final = link.reader.next()
    final.then(
      (frame) => {
        if (frame === undefined || frame.kind !== FrameKind.final)
          broken = new StreamResetError('the stream ended before the provider confirmed the push')
        link.controller.abort()
      },
      (error: unknown) => {
        broken = error instanceof Error ? error : new Error(String(error))
        link.controller.abort()
      },
    )
    try {
      if (!state.initiated) {
        state.initiated = true
        this.#emit(state, 'initiated')
      }
      try {
        for await (const chunk of state.payload.open(link.offset, link.controller.signal)) {
          for (let at = 0; at < chunk.length; at += chunkBytes) {
            if (!current() || link.controller.signal.aborted) break
            const piece = chunk.subarray(at, at + chunkBytes)
            await link.outbox.write(encodeFrame(FrameKind.data, piece))
            if (!current()) return
            state.sent += BigInt(piece.length)
            state.autoAttempts = 0
            watchdog.feed()
            this.#emit(state, 'progress')
          }
          if (!current() || link.controller.signal.aborted) break
        }
      } catch (error) {
        if (!current()) return
        if (broken !== undefined) throw broken
        if (link.controller.signal.aborted) {
          // The provider answered early (a refusal of the bytes): read it below.
        } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_STREAM')) {
          throw error
        } else {
          // The payload could not be read: nothing to resume from, the channel fails.
          this.#fail(state, `cannot read the payload: ${messageOf(error)}`)
          const reason = new TextEncoder().encode('the client cannot read the payload')
          await link.outbox.write(encodeFrame(FrameKind.cancel, reason)).catch(() => undefined)
          link.outbox.end()
          return
        }
      }
      if (!current()) return
      if (broken !== undefined) throw broken
      if (!link.controller.signal.aborted) {
        await link.outbox.write(encodeFrame(FrameKind.end, new Uint8Array(0)))
        link.outbox.end()
      }
      const frame = await final
      if (!current()) return
      if (broken !== undefined) throw broken
      if (frame === undefined)
        throw new PushFailedError('the stream ended before the provider confirmed the push')
      const outcome = decodePushFinal(frame.body)
      state.link = undefined
      link.outbox.end()
      if (outcome.ok) {
        state.status = 'completed'
        this.#emit(state, 'completed')
      } else {
        this.#fail(state, outcome.reason)
      }
    } catch (error) {
      if (!current()) return
      state.link = undefined
      link.controller.abort()
      link.stream.abort(error instanceof Error ? error : new Error(String(error)))
      if (state.status !== 'transferring') return
      state.status = 'stalled'
      this.#emit(state, 'stalled', messageOf(error))
      this.#scheduleRestart(state)
    } finally {
      watchdog.stop()
    }
  }

  #fail(state: ClientChannel, message: string): void {
    state.status = 'failed'
    state.link = undefined
    this.#emit(state, 'failed', message)
  }

  #scheduleRestart(state: ClientChannel): void {
    const policy = this.#init.autoRestart ?? DEFAULT_AUTO_RESTART
    if (this.#closed || state.autoAttempts >= policy.attempts) return
    state.autoAttempts += 1
    state.timer = setTimeout(() => {
      state.timer = undefined
      if (state.status !== 'stalled' || this.#closed) return
      this.restart(state.id).catch(() => {
        if (state.status === 'stalled') this.#scheduleRestart(state)
      })
    }, policy.delayMs)
    state.timer.unref?.()
  }

  #emit(state: ClientChannel, type: TransferEventType, message?: string): void {
    const base = { type, channel: state.id, voucher: state.voucher, transferred: state.sent }
    this.#listeners.notify(message === undefined ? base : { ...base, message })
  }
}
