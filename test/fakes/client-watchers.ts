import type { AbortOptions } from '../../src/adapters/node.ts'
import type { ChainEpoch } from '../../src/market/index.ts'
import type { Outcome } from './client-program.ts'

/** How a deal ends, as the completion watcher reports it. */
export type CompletionOutcome =
  | { readonly expired: true }
  | { readonly slashEpoch: ChainEpoch }
  | { readonly expiryError: Error }
  | { readonly slashingError: Error }

/** A watcher registered with the fake node and not called back yet; `fire` calls it back. */
export interface PendingWatcher {
  readonly kind: 'pre-commit' | 'commit' | 'completion'
  readonly fire: (outcome: unknown) => void
}

/**
 * Register a chain watcher with its scripted outcome: an error rejects the registration, a hang
 * keeps it in `pending` (until its signal aborts), a value (or the fallback) calls it back at
 * once, before the registration resolves, as real nodes may do.
 */
export function registerWatcher(
  outcome: Outcome<unknown> | undefined,
  pending: PendingWatcher[],
  watcher: PendingWatcher,
  options: AbortOptions | undefined,
  fallback: () => void,
): void {
  if (outcome?.kind === 'error') throw outcome.error
  if (outcome?.kind === 'hang') {
    pending.push(watcher)
    const drop = (): void => {
      const index = pending.indexOf(watcher)
      if (index >= 0) pending.splice(index, 1)
    }
    options?.signal?.addEventListener('abort', drop, { once: true })
    return
  }
  if (outcome?.kind === 'value') watcher.fire(outcome.value)
  else fallback()
}
