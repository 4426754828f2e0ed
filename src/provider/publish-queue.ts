/**
 * Pieces of the deal publisher: its queue entries and how it reads a failed publish call.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import { NotEnoughFundsError, PublishDealsRejectedError, type RejectedPublishDeal } from '../errors.ts'
import type { PublishRequest } from './publisher.ts'

/** One caller waiting for a deal's publish message. */
export interface Waiter {
  readonly resolve: (cid: CID) => void
  readonly reject: (error: unknown) => void
  readonly onDelayed: ((reason: string) => void) | undefined
}

/** A queued or in-flight deal and everyone waiting for its publish message. */
export interface Entry {
  readonly key: string
  readonly request: PublishRequest
  readonly waiters: Set<Waiter>
}

/** Call every waiter of an entry once, and forget them. */
export function settle(entry: Entry, call: (waiter: Waiter) => void): void {
  const waiters = [...entry.waiters]
  entry.waiters.clear()
  for (const waiter of waiters) call(waiter)
}

/** What a failed publish call means for its batch. */
export type PublishFailure =
  | { readonly kind: 'not-enough-funds' }
  | { readonly kind: 'rejected'; readonly rejected: ReadonlyMap<number, string> }
  | { readonly kind: 'unknown' }

/**
 * Read a publishDeals error by its `code` (adapters need not use this library's classes): the
 * wallet cannot pay, some deals of the batch (by index) are refused, or anything else.
 */
export function classifyPublishError(error: unknown, batchSize: number): PublishFailure {
  const code = (error as { code?: unknown } | null)?.code
  if (code === NotEnoughFundsError.code) return { kind: 'not-enough-funds' }
  if (code !== PublishDealsRejectedError.code) return { kind: 'unknown' }
  const list = (error as { rejected?: unknown }).rejected
  if (!Array.isArray(list)) return { kind: 'unknown' }
  const rejected = new Map<number, string>()
  for (const item of list as RejectedPublishDeal[]) {
    if (Number.isInteger(item?.index) && item.index >= 0 && item.index < batchSize) {
      rejected.set(item.index, String(item.reason))
    }
  }
  return rejected.size === 0 ? { kind: 'unknown' } : { kind: 'rejected', rejected }
}
