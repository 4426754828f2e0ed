import type { PreCommitOutcome } from '../../adapters/node.ts'
import { messageOf } from '../../errors.ts'
import type { ClientEvent } from '../events.ts'
import type { ClientEntryContext } from './context.ts'
import { dealWatch } from './watch.ts'

/**
 * VerifyDealPreCommitted (StorageDealAwaitingPreCommit): watch for the pre-commit of the sector
 * holding the deal. A watcher that reports the deal already active (pre-commit missed, or a late
 * restart) moves it straight to Active. The watcher may call back before or after this returns.
 */
export async function verifyDealPreCommitted(ctx: ClientEntryContext): Promise<ClientEvent | undefined> {
  const { record: deal, env, signal } = ctx
  const onResult = (result: PreCommitOutcome | Error): void => {
    void ctx.trigger(outcomeEvent(result))
  }
  try {
    await env.node.onDealSectorPreCommitted(dealWatch(deal), onResult, { signal })
  } catch (error) {
    return { type: 'ClientEventDealPrecommitFailed', error: messageOf(error) }
  }
  return undefined
}

function outcomeEvent(result: PreCommitOutcome | Error): ClientEvent {
  if (result instanceof Error) return { type: 'ClientEventDealPrecommitFailed', error: result.message }
  if (result.isActive) return { type: 'ClientEventDealActivated' }
  return { type: 'ClientEventDealPrecommitted', sectorNumber: Number(result.sectorNumber) }
}
