/**
 * WaitForFunding (StorageDealProviderFunding): wait for the add-funds message that tops up the
 * provider's market balance.
 *
 * @module
 */

import { exitCodeText } from '../../market/index.ts'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * Funded when the message succeeded; NodeErrored when it failed or could not be waited for (the
 * reference returns that last error from the entry function, which stalls the deal).
 */
export async function waitForFunding(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  if (deal.AddFundsCid === null) return { type: 'ProviderEventNodeErrored', error: StepText.noAddFundsCid }
  let receipt: Awaited<ReturnType<typeof env.node.waitForMessage>>
  try {
    receipt = await env.node.waitForMessage(deal.AddFundsCid, { signal })
  } catch (error) {
    return { type: 'ProviderEventNodeErrored', error: wrap(StepText.addFundsWait, error) }
  }
  if (receipt.exitCode !== 0) {
    return {
      type: 'ProviderEventNodeErrored',
      error: wrap(StepText.addFundsExitCode, exitCodeText(receipt.exitCode)),
    }
  }
  return { type: 'ProviderEventFunded' }
}
