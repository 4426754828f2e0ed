/**
 * Shared pieces of the provider entry functions: their context type and the helpers several use.
 *
 * @module
 */

import type { EntryContext } from '../../fsm/index.ts'
import { retryOnSchedule } from '../../fsm/poll-schedule.ts'
import type { MinerDeal } from '../../market/index.ts'
import type { ProviderDealEnvironment } from '../environment.ts'
import type { ProviderEvent } from '../events.ts'
import { StepText, wrap } from '../messages.ts'

/** What a provider entry function receives. */
export type ProviderContext = EntryContext<MinerDeal, ProviderEvent, ProviderDealEnvironment>

/** What a provider entry function resolves to: the event that moves the deal on, or none. */
export type ProviderStep = Promise<ProviderEvent | undefined>

/** The tag under which a deal protects its client connection. */
export function peerTag(deal: MinerDeal): string {
  return deal.ProposalCid.toString()
}

/**
 * Wait for a node watcher: `register` starts it and hands it `done`, which the watcher calls once
 * with the resulting event (possibly before `register` resolves). A rejected registration becomes
 * `onRegisterError(error)`. Resolves with undefined when `signal` aborts first, so an entry
 * function whose state was left ends without an event.
 */
export function awaitWatcher(
  signal: AbortSignal,
  register: (done: (event: ProviderEvent) => void) => Promise<void>,
  onRegisterError: (error: unknown) => ProviderEvent,
): Promise<ProviderEvent | undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(undefined)
      return
    }
    const onAbort = (): void => resolve(undefined)
    signal.addEventListener('abort', onAbort, { once: true })
    const done = (event: ProviderEvent | undefined): void => {
      signal.removeEventListener('abort', onAbort)
      resolve(event)
    }
    register(done).catch((error: unknown) => done(onRegisterError(error)))
  })
}

/**
 * How long a deal waits before asking the node again to release a reservation it refused, in clock
 * ms (one mainnet block time). Every such deal waits on one shared schedule.
 */
export const RELEASE_RETRY_MS = 30_000

/**
 * go-fil-markets' releaseReservedFunds: release `amount` of the deal's reservation (by default all
 * it holds) and record it with FundsReleased. Resolves with what the deal still holds: 0 once
 * released; the amount when the node refused, which stays in the record's FundsReserved (the
 * reference records it released all the same) and is released again later (see
 * {@link releaseUntilDone}).
 */
export async function releaseReservedFunds(
  ctx: ProviderContext,
  amount = ctx.record.FundsReserved,
  signal: AbortSignal = ctx.signal,
): Promise<bigint> {
  const { record: deal, env } = ctx
  if (amount <= 0n) return 0n
  try {
    await env.node.releaseFunds(deal.Proposal.Provider, amount, { signal })
  } catch (error) {
    if (!signal.aborted) env.logger.warn(`deal ${deal.ProposalCid}: ${wrap(StepText.releaseFunds, error)}`)
    return amount
  }
  await ctx.trigger({ type: 'ProviderEventFundsReleased', amount })
  return 0n
}

/**
 * Releases `amount` of the deal's reservation, asking the node again at every tick of a schedule
 * shared by all deals while it refuses; resolves once released, or when `signal` aborts (false).
 */
export async function releaseUntilDone(
  ctx: ProviderContext,
  amount: bigint,
  signal: AbortSignal = ctx.signal,
): Promise<boolean> {
  let left = amount
  return retryOnSchedule(ctx.env.clock, RELEASE_RETRY_MS, signal, async () => {
    left = await releaseReservedFunds(ctx, left, signal)
    return left <= 0n
  })
}
