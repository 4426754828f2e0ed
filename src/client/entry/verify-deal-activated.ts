import { messageOf } from '../../errors.ts'
import type { ClientEvent } from '../events.ts'
import type { ClientEntryContext } from './context.ts'
import { dealWatch } from './watch.ts'

/**
 * VerifyDealActivated (StorageDealSealing): watch for the sector that proves the deal. The watcher
 * may call back before or after this returns.
 */
export async function verifyDealActivated(ctx: ClientEntryContext): Promise<ClientEvent | undefined> {
  const { record: deal, env, signal } = ctx
  const onResult = (error: Error | undefined): void => {
    void ctx.trigger(
      error === undefined
        ? { type: 'ClientEventDealActivated' }
        : { type: 'ClientEventDealActivationFailed', error: error.message },
    )
  }
  try {
    await env.node.onDealSectorCommitted(
      { ...dealWatch(deal), sectorNumber: BigInt(deal.SectorNumber) },
      onResult,
      { signal },
    )
  } catch (error) {
    return { type: 'ClientEventDealActivationFailed', error: messageOf(error) }
  }
  return undefined
}
