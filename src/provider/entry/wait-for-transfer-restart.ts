/**
 * WaitForTransferRestart (StorageDealProviderTransferAwaitRestart): after a provider restart in the
 * middle of a transfer, ask the client to resume the channel and give it a bounded time to do so.
 *
 * @module
 */

import { messageOf } from '../../errors.ts'
import { isPullDeal } from '../pulls.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * AwaitTransferRestartTimeout when the clock runs out first. A resumed transfer moves the deal on,
 * which aborts the wait, so the timer never outlives the state. An mk/1.2 deal's data is pulled by
 * the provider itself, so instead of asking the client, the pull starts again.
 */
export async function waitForTransferRestart(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  if (isPullDeal(deal)) {
    try {
      await env.startPull(deal, { signal })
    } catch (error) {
      // Nobody else will send the data: the deal fails at once rather than at the timeout.
      return { type: 'ProviderEventDataTransferFailed', error: messageOf(error) }
    }
  } else if (deal.TransferChannelId !== null) {
    try {
      await env.restartTransfer(deal.TransferChannelId, { signal })
    } catch (error) {
      // The client may still resume on its own; the timeout bounds the wait either way.
      env.logger.warn(`deal ${deal.ProposalCid}: asking the client to resume failed: ${messageOf(error)}`)
    }
  }
  await env.clock.sleep(env.awaitRestartTimeoutMs, signal)
  return { type: 'ProviderEventAwaitTransferRestartTimeout' }
}
