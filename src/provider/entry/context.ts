/**
 * Shared pieces of the provider entry functions: their context type and the helpers several use.
 *
 * @module
 */

import type { EntryContext } from '../../fsm/index.ts'
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
 * go-fil-markets' releaseReservedFunds, for the success path: release the deal's reservation (a
 * failure is only logged, the market actor holds the collateral from now on) and record it.
 */
export async function releaseReservedFunds(ctx: ProviderContext): Promise<void> {
  const { record: deal, env, signal } = ctx
  const amount = deal.FundsReserved
  if (amount <= 0n) return
  try {
    await env.node.releaseFunds(deal.Proposal.Provider, amount, { signal })
  } catch (error) {
    env.logger.warn(`deal ${deal.ProposalCid}: ${wrap(StepText.releaseFunds, error)}`)
  }
  await ctx.trigger({ type: 'ProviderEventFundsReleased', amount })
}
