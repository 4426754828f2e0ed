/**
 * StateWaitMsg for the simulated chain: a waiter resolves at the first head at least `confidence`
 * epochs above the tipset that executed its message. Waiters are only checked at head changes, so a
 * message reverted by a reorg before reaching its confidence keeps its waiter waiting.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { AbortError } from '../../errors.ts'
import type { MsgLookup } from '../chain.ts'

interface Waiter {
  readonly cid: CID
  readonly confidence: number
  readonly resolve: (lookup: MsgLookup) => void
  readonly reject: (error: Error) => void
  readonly cleanup: () => void
}

/** Pending StateWaitMsg calls. */
export class MessageWaiters {
  readonly #waiters = new Set<Waiter>()

  /** Waits for `cid`; the chain runs {@link check} right after and then at every head change. */
  wait(cid: CID, confidence: number, signal: AbortSignal | undefined): Promise<MsgLookup> {
    if (signal?.aborted === true) return Promise.reject(new AbortError(undefined, { cause: signal.reason }))
    return new Promise<MsgLookup>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters.delete(waiter)
        reject(new AbortError(undefined, { cause: signal?.reason }))
      }
      const waiter: Waiter = {
        cid,
        confidence,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.add(waiter)
    })
  }

  /** Resolves every waiter whose message executed at least `confidence` epochs below `headHeight`. */
  check(headHeight: number, lookup: (cid: CID) => MsgLookup | undefined): void {
    for (const waiter of [...this.#waiters]) {
      const found = lookup(waiter.cid)
      if (found === undefined || headHeight < found.height + waiter.confidence) continue
      this.#waiters.delete(waiter)
      waiter.cleanup()
      waiter.resolve(found)
    }
  }

  /** Rejects every waiter (the chain is closing). */
  rejectAll(error: Error): void {
    for (const waiter of this.#waiters) {
      waiter.cleanup()
      waiter.reject(error)
    }
    this.#waiters.clear()
  }
}
