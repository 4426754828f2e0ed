/**
 * One in-memory push channel: moves a payload into the provider's sink piece by piece, and
 * survives stalls and restarts by remembering the exact byte position reached.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { AbortError, ChannelClosedError, messageOf } from '../../errors.ts'
import type { Clock } from '../../fsm/clock.ts'
import type {
  ChannelId,
  StorageDataTransferVoucher,
  TransferEvent,
  TransferEventType,
  TransferSink,
} from '../data-transfer.ts'
import { abortable } from './abortable.ts'
import type { TransferFault } from './faults.ts'
import type { PayloadReader } from './payload-reader.ts'

/**
 * Where a channel is: moving bytes, `stalled` (waiting for a restart), or finished for good
 * (`completed`, `failed`, `cancelled`).
 */
export type ChannelStatus = 'transferring' | 'stalled' | 'completed' | 'failed' | 'cancelled'

/** Paced transfers move `bytesPerTick` bytes every `tickMs` milliseconds of `clock`. */
export interface Pacing {
  readonly clock: Clock
  readonly bytesPerTick: number
  readonly tickMs: number
}

/** Everything a channel needs; `emit` delivers its events to both ends. */
export interface ChannelInit {
  readonly id: ChannelId
  readonly key: string
  readonly voucher: StorageDataTransferVoucher
  readonly root: CID
  readonly reader: PayloadReader
  readonly sink: TransferSink
  readonly faults: readonly TransferFault[]
  readonly pacing: Pacing | undefined
  /** Largest piece written at once when not paced. */
  readonly chunkBytes: number
  readonly emit: (event: TransferEvent) => void
}

interface Run {
  readonly controller: AbortController
  readonly done: Promise<void>
}

const DEFAULT_FAULT_MESSAGE = 'injected transfer failure'

/** A push channel. Created open by the hub; {@link Channel.start} sets the bytes moving. */
export class Channel {
  readonly #init: ChannelInit
  readonly #faults: TransferFault[]
  #status: ChannelStatus = 'transferring'
  #transferred = 0
  // A piece read from the source but not yet written when the link stalled.
  #pending: Uint8Array | undefined
  #run: Run | undefined

  constructor(init: ChannelInit) {
    this.#init = init
    this.#faults = [...init.faults].sort((a, b) => a.afterBytes - b.afterBytes)
  }

  get id(): ChannelId {
    return this.#init.id
  }

  get root(): CID {
    return this.#init.root
  }

  get voucher(): StorageDataTransferVoucher {
    return this.#init.voucher
  }

  get status(): ChannelStatus {
    return this.#status
  }

  /** Bytes the sink has accepted. */
  get transferred(): number {
    return this.#transferred
  }

  /** Announces the open channel (`accepted`, `opened`, `initiated`) and starts moving bytes. */
  start(): void {
    for (const type of ['accepted', 'opened', 'initiated'] as const) this.#emit(type)
    this.#startRun()
  }

  /** The link drops: `stalled`, and no more bytes until {@link Channel.restart}. */
  stall(): void {
    if (this.#status !== 'transferring') return
    this.#status = 'stalled'
    this.#run?.controller.abort()
    this.#emit('stalled')
  }

  /** Ends the channel with `cancelled`. */
  cancel(): void {
    this.#end('cancelled')
  }

  /** Ends the channel with `failed` and `message`. */
  fail(message: string): void {
    this.#end('failed', message)
  }

  /**
   * Emits `restarted` and resumes a stalled channel from the byte it reached. A channel still
   * moving just acknowledges; a completed one repeats `completed` so a restarted deal learns it.
   * Throws ChannelClosedError for a failed or cancelled channel.
   */
  async restart(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortError()
    switch (this.#status) {
      case 'failed':
      case 'cancelled':
        throw new ChannelClosedError(this.#init.key, this.#status)
      case 'completed':
        this.#emit('restarted')
        this.#emit('completed')
        return
      case 'transferring':
        this.#emit('restarted')
        return
      case 'stalled':
        // The stalled run may still be finishing a write; resuming before it ends would race it.
        await abortable(this.#run?.done, signal)
        if (this.#status !== 'stalled') return this.restart(signal)
        this.#status = 'transferring'
        this.#emit('restarted')
        this.#startRun()
    }
  }

  #end(status: 'failed' | 'cancelled', message?: string): void {
    if (this.#status === 'completed' || this.#status === 'failed' || this.#status === 'cancelled') return
    this.#status = status
    this.#run?.controller.abort()
    this.#emit(status, message)
    const released = (this.#run?.done ?? Promise.resolve()).then(() => this.#init.reader.close())
    released.catch(() => undefined)
  }

  #startRun(): void {
    const controller = new AbortController()
    this.#run = { controller, done: this.#pump(controller.signal) }
  }

  async #pump(signal: AbortSignal): Promise<void> {
    const { pacing, reader, sink } = this.#init
    for (;;) {
      if (signal.aborted || this.#fireFault()) return
      let piece = this.#pending
      this.#pending = undefined
      if (piece === undefined) {
        try {
          piece = await reader.read(this.#pieceLimit())
        } catch (error) {
          this.fail(`cannot read the payload: ${messageOf(error)}`)
          return
        }
        if (piece === undefined) return this.#finish()
      }
      if (pacing !== undefined) await pacing.clock.sleep(pacing.tickMs, signal).catch(() => undefined)
      if (signal.aborted) {
        this.#pending = piece
        return
      }
      try {
        await sink.write(piece)
      } catch (error) {
        this.fail(messageOf(error))
        return
      }
      this.#transferred += piece.length
      if (!signal.aborted) this.#emit('progress')
    }
  }

  /** Bytes to read next: one tick's worth (or one chunk), never past the next fault. */
  #pieceLimit(): number {
    const { pacing, chunkBytes } = this.#init
    const limit = pacing?.bytesPerTick ?? chunkBytes
    const next = this.#faults[0]
    return next === undefined ? limit : Math.min(limit, next.afterBytes - this.#transferred)
  }

  /** Fires the next fault if its byte count is reached; true when it stopped the run. */
  #fireFault(): boolean {
    const next = this.#faults[0]
    if (next === undefined || next.afterBytes > this.#transferred) return false
    this.#faults.shift()
    if (next.kind === 'stall') this.stall()
    else if (next.kind === 'cancel') this.cancel()
    else this.fail(next.message ?? DEFAULT_FAULT_MESSAGE)
    return true
  }

  async #finish(): Promise<void> {
    try {
      await this.#init.sink.close()
    } catch (error) {
      this.fail(messageOf(error))
      return
    }
    // A stall that raced the close changes nothing: every byte is in and the sink is closed.
    if (this.#status === 'failed' || this.#status === 'cancelled') return
    this.#status = 'completed'
    this.#emit('completed')
    await this.#init.reader.close().catch(() => undefined)
  }

  #emit(type: TransferEventType, message?: string): void {
    const { id, voucher, emit } = this.#init
    const transferred = BigInt(this.#transferred)
    emit(
      message === undefined
        ? { type, channel: id, voucher, transferred }
        : { type, channel: id, voucher, transferred, message },
    )
  }
}
