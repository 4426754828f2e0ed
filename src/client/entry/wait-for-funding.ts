import type { MessageReceipt } from '../../adapters/node.ts'
import { messageOf } from '../../errors.ts'
import type { ClientEvent } from '../events.ts'
import { clientMessages as m } from '../messages.ts'
import type { ClientEntryContext } from './context.ts'

const failed = (error: string): ClientEvent => ({ type: 'ClientEventReserveFundsFailed', error })

/**
 * WaitForFunding (StorageDealClientFunding): wait for the recorded add-funds message. A failed
 * wait or a non-zero exit code fails the deal; in the reference a wait that cannot even start
 * stalls the deal instead.
 */
export async function waitForFunding(ctx: ClientEntryContext): Promise<ClientEvent> {
  const { record: deal, env, signal } = ctx
  if (deal.AddFundsCid === null) return failed(m.addFundsWaitFailed('no add-funds message is recorded'))
  let receipt: MessageReceipt
  try {
    receipt = await env.node.waitForMessage(deal.AddFundsCid, { signal })
  } catch (error) {
    return failed(m.addFundsWaitFailed(messageOf(error)))
  }
  if (receipt.exitCode !== 0) return failed(m.addFundsExitCode(receipt.exitCode))
  return { type: 'ClientEventFundingComplete' }
}
