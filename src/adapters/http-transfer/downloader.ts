/**
 * The provider's HTTP downloader: runs pulls under a limit of concurrent transfers and reports
 * their events.
 *
 * @module
 */
import { HttpTransferClosedError } from '../../errors.ts'
import { realClock } from '../../fsm/clock.ts'
import type { AbortOptions } from '../node.ts'
import {
  DEFAULT_CHUNKS,
  DEFAULT_MAX_CONCURRENT_DOWNLOADS,
  DEFAULT_MAX_TRANSFER_DURATION_MS,
  DEFAULT_PARALLEL_THRESHOLD,
  DEFAULT_PROGRESS_BYTES,
  DEFAULT_RETRY_POLICY,
  DEFAULT_STALL_TIMEOUT_MS,
} from './constants.ts'
import { Download, type DownloadSettings } from './download.ts'
import { TransferLimiter } from './limiter.ts'
import { Listeners } from './listeners.ts'
import type {
  DownloadEvent,
  DownloadHandle,
  DownloadListener,
  DownloadRequest,
  DownloadResult,
  HttpDownloader,
  HttpDownloaderInit,
} from './types.ts'

/**
 * Pulls URLs with Boost's behaviour (boost-mk12.md §9); every option of
 * {@link HttpDownloaderInit} defaults to Boost's setting.
 *
 * @example
 * const downloader = new NodeHttpDownloader({ maxConcurrent: 4 })
 * const { done } = downloader.download({ id, url, headers, size, target: fileTarget(path), piece })
 * const { commitment } = await done
 */
export class NodeHttpDownloader implements HttpDownloader {
  readonly #settings: DownloadSettings
  readonly #limiter: TransferLimiter
  readonly #listeners = new Listeners<DownloadEvent>()
  readonly #active = new Set<Download>()
  #closed = false

  constructor(init: HttpDownloaderInit = {}) {
    this.#settings = {
      clock: init.clock ?? realClock,
      stallTimeoutMs: init.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
      maxTransferDurationMs: init.maxTransferDurationMs ?? DEFAULT_MAX_TRANSFER_DURATION_MS,
      chunks: init.chunks ?? DEFAULT_CHUNKS,
      parallelThreshold: init.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD,
      retry: { ...DEFAULT_RETRY_POLICY, ...init.retry },
      urlPolicy: init.urlPolicy ?? {},
      random: init.random ?? Math.random,
      progressEveryBytes: init.progressEveryBytes ?? DEFAULT_PROGRESS_BYTES,
    }
    this.#limiter = new TransferLimiter(init.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_DOWNLOADS)
  }

  get running(): number {
    return this.#limiter.running
  }

  get queued(): number {
    return this.#limiter.queued
  }

  download(request: DownloadRequest, options?: AbortOptions): DownloadHandle {
    if (this.#closed) return closedHandle(request.id)
    const download = new Download(
      request,
      this.#settings,
      this.#limiter,
      (event) => this.#listeners.notify(event),
      options?.signal,
    )
    this.#active.add(download)
    download.done.then(
      () => this.#active.delete(download),
      () => this.#active.delete(download),
    )
    return download
  }

  subscribe(listener: DownloadListener): () => void {
    return this.#listeners.add(listener)
  }

  async close(): Promise<void> {
    this.#closed = true
    const active = [...this.#active]
    for (const download of active) download.cancel()
    await Promise.allSettled(active.map((download) => download.done))
  }
}

function closedHandle(id: string): DownloadHandle {
  const done: Promise<DownloadResult> = Promise.reject(
    new HttpTransferClosedError('the downloader is closed'),
  )
  done.catch(() => {})
  return { id, done, received: 0n, retryNow: () => {}, cancel: () => {} }
}
