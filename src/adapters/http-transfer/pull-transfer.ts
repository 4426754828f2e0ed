/**
 * The provider's `ProviderDataTransfer` over HTTP pulls: the provider lifecycle registers its
 * validator and subscribes as it does with the in-memory transfer; the mk/1.2 provider starts each
 * deal's pull with {@link HttpPullProviderTransfer.pull}. The event mapping is documented in
 * `types.ts`.
 *
 * @module
 */
import {
  ChannelClosedError,
  ChannelNotFoundError,
  FilDealError,
  HttpTransferClosedError,
  messageOf,
  TransferRefusedError,
} from '../../errors.ts'
import type {
  ChannelId,
  StorageDataTransferVoucher,
  TransferEvent,
  TransferEventType,
  TransferListener,
  TransferValidator,
} from '../data-transfer.ts'
import type { AbortOptions } from '../node.ts'
import { NodeHttpDownloader } from './downloader.ts'
import { Listeners } from './listeners.ts'
import { sinkTarget } from './sink-target.ts'
import type {
  DownloadEvent,
  DownloadHandle,
  HttpPullProvider,
  HttpPullProviderInit,
  PullRequest,
} from './types.ts'
import { checkTransferUrl } from './url-policy.ts'

interface Pull {
  readonly channel: ChannelId
  readonly voucher: StorageDataTransferVoucher
  handle: DownloadHandle | undefined
  initiated: boolean
  finished: TransferEventType | undefined
}

/** The text key of a channel. */
function keyOf(channel: ChannelId): string {
  return `${channel.initiator}/${channel.responder}/${channel.id}`
}

/**
 * HTTP pulls as a `ProviderDataTransfer`. Channels are initiated by this provider (`peerId`) and
 * answered by the client serving the data.
 *
 * @example
 * const transfer = new HttpPullProviderTransfer({ peerId, maxConcurrent: 20 })
 * const provider = createStorageProvider({ ..., dataTransfer: transfer })
 * await transfer.pull({ from: clientPeer, voucher: { proposal }, root, request, size, piece })
 */
export class HttpPullProviderTransfer implements HttpPullProvider {
  readonly #init: HttpPullProviderInit
  readonly #downloader: NodeHttpDownloader
  readonly #listeners = new Listeners<TransferEvent>()
  readonly #pulls = new Map<string, Pull>()
  /** The latest pull of each deal, by proposal CID. */
  readonly #byDeal = new Map<string, Pull>()
  #validator: TransferValidator | undefined
  #nextId = 1n
  #closed = false

  constructor(init: HttpPullProviderInit) {
    this.#init = init
    this.#downloader = new NodeHttpDownloader(init)
    this.#downloader.subscribe((event) => this.#onDownload(event))
  }

  /** The downloader running the pulls (its `running` and `queued` counts, its own events). */
  get downloader(): NodeHttpDownloader {
    return this.#downloader
  }

  setValidator(validator: TransferValidator): void {
    this.#validator = validator
  }

  subscribe(listener: TransferListener): () => void {
    return this.#listeners.add(listener)
  }

  async pull(request: PullRequest, options?: AbortOptions): Promise<ChannelId> {
    if (this.#closed) throw new HttpTransferClosedError('the pull transfer is closed')
    // One pull per deal: a deal that asks again (WaitForTransferRestart after a `stalled`) keeps
    // the running pull, which resumes after its backoff, rather than truncating its staging area.
    const running = this.#byDeal.get(request.voucher.proposal.toString())
    if (running !== undefined && running.finished === undefined) return running.channel
    const url = checkTransferUrl(request.request.URL, this.#init.urlPolicy).toString()
    const validator = this.#validator
    if (validator === undefined) throw new TransferRefusedError('no validator is registered')
    let sink: Awaited<ReturnType<TransferValidator['validatePush']>>
    try {
      sink = await validator.validatePush(request.from, request.voucher, request.root, options)
    } catch (error) {
      if (error instanceof FilDealError) throw error
      throw new TransferRefusedError(messageOf(error), { cause: error })
    }
    const channel: ChannelId = { initiator: this.#init.peerId, responder: request.from, id: this.#nextId++ }
    const key = keyOf(channel)
    const pull: Pull = {
      channel,
      voucher: request.voucher,
      handle: undefined,
      initiated: false,
      finished: undefined,
    }
    this.#pulls.set(key, pull)
    this.#byDeal.set(request.voucher.proposal.toString(), pull)
    this.#emit(pull, 'accepted', 0n)
    const target = sinkTarget(sink, {
      hash: request.piece !== undefined,
      ...(this.#init.tmpDir === undefined ? {} : { tmpDir: this.#init.tmpDir }),
    })
    pull.handle = this.#downloader.download({
      id: key,
      url,
      headers: request.request.Headers,
      size: request.size,
      target,
      ...(request.piece === undefined ? {} : { piece: request.piece }),
    })
    return channel
  }

  /**
   * Retries a pull waiting for its next attempt at once. Rejects with ChannelNotFoundError for a
   * channel this process does not run (a restarted provider pulls again instead), and with
   * ChannelClosedError for a finished one.
   */
  async restart(channel: ChannelId): Promise<void> {
    const pull = this.#pulls.get(keyOf(channel))
    if (pull === undefined) throw new ChannelNotFoundError(keyOf(channel))
    if (pull.finished !== undefined) throw new ChannelClosedError(keyOf(channel), pull.finished)
    pull.handle?.retryNow()
  }

  cancel(channel: ChannelId): void {
    this.#pulls.get(keyOf(channel))?.handle?.cancel()
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#downloader.close()
  }

  #emit(pull: Pull, type: TransferEventType, transferred: bigint, message?: string): void {
    this.#listeners.notify({
      type,
      channel: pull.channel,
      voucher: pull.voucher,
      transferred,
      ...(message === undefined ? {} : { message }),
    })
  }

  #onDownload(event: DownloadEvent): void {
    const pull = this.#pulls.get(event.id)
    if (pull === undefined) return
    switch (event.type) {
      case 'started':
        this.#emit(pull, 'opened', 0n)
        break
      case 'progress':
        if (!pull.initiated) {
          pull.initiated = true
          this.#emit(pull, 'initiated', event.received)
        }
        this.#emit(pull, 'progress', event.received)
        break
      case 'stalled':
        this.#emit(pull, 'stalled', event.received, messageOf(event.error))
        break
      case 'restarted':
        this.#emit(pull, 'restarted', event.received)
        break
      case 'completed':
        pull.finished = 'completed'
        this.#emit(pull, 'completed', event.size)
        break
      case 'failed':
        pull.finished = 'failed'
        this.#emit(pull, 'failed', event.received, messageOf(event.error))
        break
      case 'cancelled':
        pull.finished = 'cancelled'
        this.#emit(pull, 'cancelled', event.received)
        break
      default:
        break
    }
  }
}
