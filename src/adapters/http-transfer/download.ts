/**
 * One pull from start to finish (boost-mk12.md §9.1-§9.2): wait for a slot, HEAD, cut into chunks,
 * fetch the unfinished chunks in parallel, retry failed attempts with backoff from where each chunk
 * stopped, assemble, check the piece commitment.
 *
 * @module
 */
import {
  AbortError,
  FilDealError,
  HttpTransferIncompleteError,
  HttpTransferRetriesExhaustedError,
  HttpTransferSizeExceededError,
  HttpTransferSizeMismatchError,
  HttpTransferStalledError,
  HttpTransferStatusError,
  HttpTransferTimeoutError,
  messageOf,
} from '../../errors.ts'
import type { Clock } from '../../fsm/clock.ts'
import { backoffDelay } from './backoff.ts'
import { type ChunkRange, chunkCount, chunkRanges } from './chunk-plan.ts'
import { fetchChunk } from './fetch-chunk.ts'
import { headSize } from './head-request.ts'
import type { TransferLimiter } from './limiter.ts'
import type {
  DownloadEvent,
  DownloadHandle,
  DownloadRequest,
  DownloadResult,
  RetryPolicy,
  UrlPolicy,
} from './types.ts'
import { checkTransferUrl } from './url-policy.ts'
import { checkPiece } from './verify-piece.ts'

/** The downloader's settings, defaults applied. */
export interface DownloadSettings {
  readonly clock: Clock
  readonly stallTimeoutMs: number
  readonly maxTransferDurationMs: number
  readonly chunks: number
  readonly parallelThreshold: bigint
  readonly retry: RetryPolicy
  readonly urlPolicy: UrlPolicy
  readonly random: () => number
  readonly progressEveryBytes: number
}

/** Ends the sibling requests of a failed chunk; never surfaces. */
class SiblingFailed extends Error {}

/** Whether another attempt may get further after `error`. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpTransferStatusError) return error.retryable
  if (error instanceof HttpTransferSizeMismatchError) return error.actual === undefined
  if (error instanceof HttpTransferStalledError || error instanceof HttpTransferIncompleteError) return true
  // Library errors are decisions (refused, exceeded, aborted); anything else is the network's.
  return !(error instanceof FilDealError)
}

/** A pull in progress; built by the downloader. */
export class Download implements DownloadHandle {
  readonly id: string
  readonly done: Promise<DownloadResult>
  readonly #request: DownloadRequest
  readonly #settings: DownloadSettings
  readonly #emit: (event: DownloadEvent) => void
  readonly #controller = new AbortController()
  #received = 0n
  #reported = 0n
  #anyProgress = false
  #wake: (() => void) | undefined

  constructor(
    request: DownloadRequest,
    settings: DownloadSettings,
    limiter: TransferLimiter,
    emit: (event: DownloadEvent) => void,
    signal: AbortSignal | undefined,
  ) {
    this.id = request.id
    this.#request = request
    this.#settings = settings
    this.#emit = emit
    const onAbort = (): void => this.cancel()
    if (signal?.aborted === true) this.cancel()
    else signal?.addEventListener('abort', onAbort, { once: true })
    this.done = this.#run(limiter)
    this.done.then(
      () => signal?.removeEventListener('abort', onAbort),
      () => signal?.removeEventListener('abort', onAbort),
    )
    // The outcome is also reported as an event; callers need not await `done`.
    this.done.catch(() => {})
  }

  get received(): bigint {
    return this.#received
  }

  retryNow(): void {
    this.#wake?.()
  }

  cancel(): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(new AbortError('the transfer was cancelled'))
  }

  get #signal(): AbortSignal {
    return this.#controller.signal
  }

  #throwIfAborted(): void {
    if (this.#signal.aborted) throw this.#signal.reason
  }

  async #run(limiter: TransferLimiter): Promise<DownloadResult> {
    const { clock } = this.#settings
    let release: (() => void) | undefined
    let deadline: unknown
    try {
      if (limiter.running >= limiter.limit) this.#emit({ type: 'queued', id: this.id })
      release = await limiter.acquire(this.#signal)
      const timeout = this.#settings.maxTransferDurationMs
      deadline = clock.setTimeout(
        () => this.#controller.abort(new HttpTransferTimeoutError(timeout)),
        timeout,
      )
      this.#emit({ type: 'started', id: this.id, size: this.#request.size })
      const url = checkTransferUrl(this.#request.url, this.#settings.urlPolicy)
      const { plan, stored } = await this.#transfer(url)
      for (const chunk of plan) {
        const got = stored[chunk.index] ?? 0n
        if (got !== chunk.end - chunk.start)
          throw new HttpTransferIncompleteError(chunk.end - chunk.start, got)
      }
      await this.#request.target.complete({ signal: this.#signal })
      const size = plan.at(-1)?.end ?? 0n
      const { piece } = this.#request
      if (piece === undefined) {
        this.#emit({ type: 'completed', id: this.id, size })
        return { size }
      }
      this.#emit({ type: 'verifying', id: this.id })
      const commitment = await this.#request.target.commitment({ signal: this.#signal })
      await checkPiece(commitment, piece)
      this.#emit({ type: 'completed', id: this.id, size, commitment })
      return { size, commitment }
    } catch (caught) {
      const error = this.#signal.aborted ? (this.#signal.reason as Error) : (caught as Error)
      if (error instanceof AbortError)
        this.#emit({ type: 'cancelled', id: this.id, received: this.#received })
      else this.#emit({ type: 'failed', id: this.id, received: this.#received, error })
      throw error
    } finally {
      if (deadline !== undefined) clock.clearTimeout(deadline)
      release?.()
      await this.#request.target.release().catch(() => {})
    }
  }

  /** Attempts until every chunk is stored, or a fatal error, or the retry budget is spent. */
  async #transfer(url: URL): Promise<{ plan: ChunkRange[]; stored: bigint[] }> {
    const policy = this.#settings.retry
    let plan: ChunkRange[] | undefined
    let stored: bigint[] = []
    let failures = 0
    for (let attempt = 1; ; attempt++) {
      const before = this.#received
      try {
        const size = await this.#head(url)
        if (plan === undefined) {
          const wanted = chunkCount(size, this.#settings.chunks, this.#settings.parallelThreshold)
          const prepared = await this.#request.target.prepare(wanted, size, { signal: this.#signal })
          plan = chunkRanges(size, prepared.chunks)
          stored = [...prepared.stored]
          for (const chunk of plan) {
            if ((stored[chunk.index] ?? 0n) > chunk.end - chunk.start) {
              throw new HttpTransferSizeExceededError(chunk.end - chunk.start, chunk.start)
            }
          }
          this.#received = stored.reduce((sum, bytes) => sum + bytes, 0n)
          this.#reported = this.#received
        }
        await this.#fetchChunks(url, size, plan, stored)
        return { plan, stored }
      } catch (error) {
        this.#throwIfAborted()
        if (!isRetryable(error)) throw error
        failures = this.#received > before ? 1 : failures + 1
        if (failures >= policy.attempts) {
          throw new HttpTransferRetriesExhaustedError(attempt, messageOf(error), { cause: error })
        }
        const retryInMs = backoffDelay(policy, failures - 1, this.#settings.random)
        this.#emit({
          type: 'stalled',
          id: this.id,
          received: this.#received,
          attempt,
          retryInMs,
          error: error as Error,
        })
        await this.#backoff(retryInMs)
        this.#emit({ type: 'restarted', id: this.id, received: this.#received, attempt: attempt + 1 })
      }
    }
  }

  /** Waits `ms` on the clock, or until {@link retryNow}. */
  async #backoff(ms: number): Promise<void> {
    const wait = new AbortController()
    const stop = (): void => wait.abort()
    this.#signal.addEventListener('abort', stop, { once: true })
    this.#wake = stop
    try {
      await this.#settings.clock.sleep(ms, wait.signal)
    } catch {
      // Woken early (retryNow) or cancelled: the caller checks the transfer's signal.
    } finally {
      this.#wake = undefined
      this.#signal.removeEventListener('abort', stop)
    }
    this.#throwIfAborted()
  }

  /** HEAD: the file size, under the stall timeout. */
  #head(url: URL): Promise<bigint> {
    return headSize({
      url,
      headers: this.#request.headers ?? {},
      declared: this.#request.size,
      policy: this.#settings.urlPolicy,
      clock: this.#settings.clock,
      stallTimeoutMs: this.#settings.stallTimeoutMs,
      signal: this.#signal,
    })
  }

  /** Fetches every unfinished chunk in parallel; the first failure ends the others. */
  async #fetchChunks(url: URL, size: bigint, plan: readonly ChunkRange[], stored: bigint[]): Promise<void> {
    const attempt = new AbortController()
    const forward = (): void => attempt.abort(this.#signal.reason)
    this.#signal.addEventListener('abort', forward, { once: true })
    const { target } = this.#request
    const runs = plan
      .filter((chunk) => (stored[chunk.index] ?? 0n) < chunk.end - chunk.start)
      .map(async (chunk) => {
        try {
          await fetchChunk(
            {
              url,
              headers: this.#request.headers ?? {},
              policy: this.#settings.urlPolicy,
              start: chunk.start + (stored[chunk.index] ?? 0n),
              end: chunk.end,
              size,
              clock: this.#settings.clock,
              stallTimeoutMs: this.#settings.stallTimeoutMs,
              signal: attempt.signal,
              write: (bytes) => target.write(chunk.index, bytes, { signal: attempt.signal }),
            },
            (count) => {
              stored[chunk.index] = (stored[chunk.index] ?? 0n) + BigInt(count)
              this.#progress(BigInt(count), size)
            },
          )
        } catch (error) {
          if (!attempt.signal.aborted) attempt.abort(new SiblingFailed())
          throw error
        }
      })
    try {
      const outcomes = await Promise.allSettled(runs)
      const errors = outcomes
        .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
        .map((outcome) => outcome.reason as unknown)
        .filter((reason) => !(reason instanceof SiblingFailed))
      // A fatal failure wins over a retryable one, so a bad server is not retried.
      const failure = errors.find((reason) => !isRetryable(reason)) ?? errors[0]
      if (failure !== undefined) throw failure
    } finally {
      this.#signal.removeEventListener('abort', forward)
    }
  }

  #progress(count: bigint, size: bigint): void {
    this.#received += count
    const every = BigInt(this.#settings.progressEveryBytes)
    // The first bytes are always reported: they are the `initiated` moment of a pull.
    const first = !this.#anyProgress
    this.#anyProgress = true
    if (first || this.#received - this.#reported >= every || this.#received === size) {
      this.#reported = this.#received
      this.#emit({ type: 'progress', id: this.id, received: this.#received, size })
    }
  }
}
