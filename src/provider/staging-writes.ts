/**
 * The staging sinks the provider hands to data transfers, each write and close given an AbortSignal
 * and abandoned when it aborts: a staging store that hangs cannot hold a transfer, its deal, or the
 * provider's stop.
 *
 * @module
 */

import type { TransferSink } from '../adapters/data-transfer.ts'
import { AbortError } from '../errors.ts'
import { abandonOnAbort } from '../fsm/abandon.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import { TRANSFER_ACCEPTABLE_STATES } from './states.ts'

const acceptsData: readonly string[] = TRANSFER_ACCEPTABLE_STATES

/** An open sink: the controller its calls are abandoned by, and how many calls are pending. */
interface OpenSink {
  readonly controller: AbortController
  pending: number
}

/**
 * The open staging sinks, one per deal at most. A sink's pending calls are abandoned (they reject
 * with `AbortError`) when the caller's signal aborts, when a newer push of the same deal opens a
 * sink, when the deal leaves the states that accept data, and when the provider stops (only then
 * for sinks with a call pending: an idle sink stays usable, as a transfer that resumes after the
 * restart may write on into it). Once a call is abandoned the sink is spent: it may or may not have
 * taken those bytes, so every later call rejects, the transfer fails the normal way, and a new push
 * starts again from the first byte.
 */
export class StagingWrites {
  readonly #open = new Map<string, OpenSink>()

  /** `lifetime` aborts when the provider stops. */
  constructor(lifetime: AbortSignal) {
    if (lifetime.aborted) this.#abortAll(lifetime.reason)
    else lifetime.addEventListener('abort', () => this.#abortAll(lifetime.reason), { once: true })
  }

  /** Sinks currently open (for tests and metrics). */
  get size(): number {
    return this.#open.size
  }

  /** `sink`, for deal `id`, with every call abandoned once one of its signals aborts. */
  guard(id: string, sink: TransferSink): TransferSink {
    this.#open
      .get(id)
      ?.controller.abort(new AbortError(`a newer push replaced the staging writer of deal ${id}`))
    const controller = new AbortController()
    const open: OpenSink = { controller, pending: 0 }
    this.#open.set(id, open)
    const signal = controller.signal
    const forget = (): void => {
      if (this.#open.get(id) === open) this.#open.delete(id)
    }
    const call = <T>(
      what: string,
      callerSignal: AbortSignal | undefined,
      run: () => Promise<T>,
    ): Promise<T> => {
      open.pending++
      return abandonOnAbort(run, [signal, callerSignal], `${what} of deal ${id}`)
        .catch((error: unknown) => {
          if (error instanceof AbortError) {
            // Spent: the staging store gets the abort too, and no later call is made.
            if (!signal.aborted) controller.abort(error)
            forget()
          }
          throw error
        })
        .finally(() => {
          open.pending--
        })
    }
    return {
      write: (chunk, options) => call('staging write', options?.signal, () => sink.write(chunk, { signal })),
      close: (options) =>
        call('staging close', options?.signal, () => sink.close({ signal })).finally(forget),
    }
  }

  /** Abandon the pending staging calls of deal `id`, if it has a sink open. */
  release(id: string, reason = new AbortError(`staging write abandoned for deal ${id}`)): void {
    const open = this.#open.get(id)
    if (open === undefined) return
    this.#open.delete(id)
    open.controller.abort(reason)
  }

  /** Release a deal's sink once it leaves the states that accept data. Returns the unsubscribe function. */
  follow(group: ProviderDealGroup): () => void {
    return group.subscribe((_event, deal) => {
      if (this.#open.size === 0 || acceptsData.includes(deal.State)) return
      const id = deal.ProposalCid.toString()
      this.release(
        id,
        new AbortError(`staging write abandoned: deal ${id} is in ${deal.State}, which takes no data`),
      )
    })
  }

  #abortAll(reason: unknown): void {
    const error =
      reason instanceof AbortError
        ? reason
        : new AbortError('staging write abandoned: the provider stopped', { cause: reason })
    // Only a call still pending can hold the stop; an idle sink is left as it is.
    for (const open of this.#open.values()) if (open.pending > 0) open.controller.abort(error)
    this.#open.clear()
  }
}
