/**
 * One head-change subscription per node, shared by every deal the node watches. Each registered
 * check runs once when it is registered and then once per new head, reading chain state at that
 * head; a check that has called its deal back is dropped. There are no timers and no per-deal
 * subscriptions. The subscription opens with the first registration and closes with the last.
 *
 * @module
 */
import { AbortError, AdapterError } from '../../errors.ts'
import type { ChainAdapter, HeadChange, TipSet } from '../chain.ts'
import type { AbortOptions } from '../node.ts'

/**
 * Runs a watch at one head and resolves true once it has delivered its callback (it is then
 * dropped). `initial` is true for the run at registration time, whose rejection fails the
 * registration instead of reaching the callback.
 */
export type WatchCheck = (head: TipSet, initial: boolean) => Promise<boolean>

/** A deal watch: its check, and how to tell its deal that watching broke down. */
export interface Watch {
  readonly check: WatchCheck
  /** Delivers the watch's callback with a failure caused by `error` (the head subscription failed). */
  readonly fail: (error: unknown) => void
}

interface Registration {
  readonly watch: Watch
  readonly dispose: () => void
}

/** The head a batch leaves the chain at: its last apply (or current); undefined for a revert-only batch. */
function newHead(batch: readonly HeadChange[]): TipSet | undefined {
  const last = batch.at(-1)
  return last === undefined || last.type === 'revert' ? undefined : last.tipSet
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}

/** Shared head-change watcher of one node. */
export class ChainWatcher {
  readonly #registrations = new Set<Registration>()
  #subscription: AbortController | undefined

  constructor(private readonly chain: ChainAdapter) {}

  /** Watches still registered. */
  get size(): number {
    return this.#registrations.size
  }

  /**
   * Runs the watch's check at the current head and, unless it is done, keeps running it at every
   * new head until it is, or until `options.signal` aborts. Rejects when the first run rejects.
   */
  async register(watch: Watch, options: AbortOptions = {}): Promise<void> {
    const { signal } = options
    if (signal?.aborted === true) throw new AbortError(undefined, { cause: signal.reason })
    const head = await this.chain.chainHead(options)
    if (await watch.check(head, true)) return
    // The first run may have taken a while: the caller may have given up meanwhile.
    if (isAborted(signal)) return
    const onAbort = (): void => this.#remove(registration)
    const registration: Registration = { watch, dispose: () => signal?.removeEventListener('abort', onAbort) }
    signal?.addEventListener('abort', onAbort, { once: true })
    this.#registrations.add(registration)
    this.#subscribe()
  }

  /** Drops every watch without calling back and closes the subscription. */
  stop(): void {
    for (const registration of [...this.#registrations]) this.#remove(registration)
  }

  #remove(registration: Registration): void {
    if (!this.#registrations.delete(registration)) return
    registration.dispose()
    if (this.#registrations.size === 0) {
      this.#subscription?.abort()
      this.#subscription = undefined
    }
  }

  #subscribe(): void {
    if (this.#subscription !== undefined) return
    const controller = new AbortController()
    this.#subscription = controller
    void this.#follow(controller).catch((error: unknown) => {
      if (this.#subscription === controller) this.#subscription = undefined
      // Without head changes no watch can finish, so each deal is told rather than left waiting.
      for (const registration of [...this.#registrations]) {
        this.#remove(registration)
        registration.watch.fail(error)
      }
    })
  }

  async #follow(controller: AbortController): Promise<void> {
    for await (const batch of this.chain.chainNotify({ signal: controller.signal })) {
      if (controller.signal.aborted) return
      const head = newHead(batch) ?? (await this.chain.chainHead({ signal: controller.signal }))
      for (const registration of [...this.#registrations]) {
        if (!this.#registrations.has(registration)) continue
        let done: boolean
        try {
          done = await registration.watch.check(head, false)
        } catch {
          // A check reports its own failures through its callback; a throw here is a bug in the
          // callback it guards, and dropping the watch keeps it from throwing at every head.
          done = true
        }
        if (done) this.#remove(registration)
      }
    }
    if (!controller.signal.aborted && this.#registrations.size > 0)
      throw new AdapterError('the head subscription ended')
  }
}
