import { messageOf } from '../../errors.ts'
import type { ClientEvent } from '../events.ts'
import { clientMessages as m } from '../messages.ts'
import { type ClientEntryContext, releaseReservedFunds, releaseUntilDone } from './context.ts'

/**
 * WaitForDealCompletion (StorageDealActive): the payload is no longer needed, so its blockstore is
 * released; then watch for the deal's end. StorageDealActive is parked: this returns once the
 * watch is registered, and the watcher's callback wakes the deal when it expires or is slashed.
 */
export async function waitForDealCompletion(ctx: ClientEntryContext): Promise<undefined> {
  const { record: deal, env, signal } = ctx
  if (deal.DataRef !== null) await env.cleanBlockstore(deal.DataRef.Root, { signal })
  const fail = (error: string): ClientEvent => ({ type: 'ClientEventDealCompletionFailed', error })
  // A reservation the node refused to release at publish is asked for again now, and, if still
  // refused, before the deal ends: it never ends holding a reservation.
  let held = await releaseReservedFunds(ctx)
  const reported: Promise<boolean>[] = []
  const report = (event: ClientEvent): void => {
    reported.push(
      (async () => {
        if (held > 0n && !(await releaseUntilDone(ctx, held))) return false
        held = 0n
        return ctx.trigger(event)
      })(),
    )
  }
  try {
    await env.node.onDealExpiredOrSlashed(
      BigInt(deal.DealID),
      (error) =>
        report(
          error === undefined ? { type: 'ClientEventDealExpired' } : fail(m.expiryWatchFailed(error.message)),
        ),
      (result) =>
        report(
          result instanceof Error
            ? fail(m.slashingWatchFailed(result.message))
            : { type: 'ClientEventDealSlashed', slashEpoch: result.slashEpoch },
        ),
      { signal, endEpoch: deal.Proposal.EndEpoch },
    )
  } catch (error) {
    report(fail(messageOf(error)))
  }
  // A parked deal gives its actor up when this returns; events already reported are applied first
  // so that they never race that hand-over.
  await Promise.all(reported)
  return undefined
}
