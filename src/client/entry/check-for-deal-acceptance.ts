import { messageOf } from '../../errors.ts'
import { pollScheduleFor } from '../../fsm/poll-schedule.ts'
import type { ChainEpoch, ProviderDealState, StorageDealStatus } from '../../market/index.ts'
import type { ClientEvent } from '../events.ts'
import { clientMessages as m } from '../messages.ts'
import type { ClientEntryContext } from './context.ts'

/** Provider states that mean the deal is published (go-fil-markets' accepted set). */
export const PROVIDER_ACCEPTED_STATES: ReadonlySet<StorageDealStatus> = new Set([
  'StorageDealStaged',
  'StorageDealAwaitingPreCommit',
  'StorageDealSealing',
  'StorageDealActive',
  'StorageDealExpired',
  'StorageDealSlashed',
])

/** Provider states that mean the provider gave the deal up. */
export const PROVIDER_FAILED_STATES: ReadonlySet<StorageDealStatus> = new Set([
  'StorageDealFailing',
  'StorageDealError',
])

/**
 * CheckForDealAcceptance (StorageDealCheckForAcceptance): ask the provider for its state of the
 * deal. Published → accepted; failed → rejected; anything else (or a failed query) → poll again
 * after the polling interval, until the chain passes start epoch + grace.
 *
 * The provider is asked before the deadline is checked, so a deal it published just in time is
 * accepted, and the rejection names the provider's state rather than the client's own.
 */
export async function checkForDealAcceptance(ctx: ClientEntryContext): Promise<ClientEvent> {
  const { record: deal, env, signal } = ctx
  const epoch = await currentEpoch(ctx)
  const deadline = deal.Proposal.StartEpoch + env.acceptanceGraceEpochs
  const late = epoch !== undefined && epoch > deadline
  let state: ProviderDealState
  try {
    state = await env.getProviderDealState(deal, { signal })
  } catch (error) {
    const description = m.providerQueryFailed(messageOf(error))
    if (late) return tooLate('StorageDealUnknown', description, deadline, epoch)
    return waitAgain(ctx, true, 'StorageDealUnknown')
  }
  if (PROVIDER_FAILED_STATES.has(state.State)) {
    return { type: 'ClientEventDealRejected', state: state.State, reason: state.Message }
  }
  if (PROVIDER_ACCEPTED_STATES.has(state.State)) {
    if (state.ProposalCid === null || !state.ProposalCid.equals(deal.ProposalCid)) {
      return {
        type: 'ClientEventResponseDealDidNotMatch',
        responseCid: state.ProposalCid,
        proposalCid: deal.ProposalCid,
      }
    }
    return { type: 'ClientEventDealAccepted', publishMessage: state.PublishCid }
  }
  if (late) return tooLate(state.State, state.State, deadline, epoch)
  return waitAgain(ctx, false, state.State)
}

// The reference skips the deadline check when the head cannot be read; so do we.
async function currentEpoch({ env, signal }: ClientEntryContext): Promise<ChainEpoch | undefined> {
  try {
    return (await env.node.getChainHead({ signal })).epoch
  } catch {
    return undefined
  }
}

function tooLate(
  state: StorageDealStatus,
  description: string,
  deadline: ChainEpoch,
  epoch: ChainEpoch,
): ClientEvent {
  return {
    type: 'ClientEventDealRejected',
    state,
    reason: m.acceptanceDeadlinePassed(deadline, epoch, description),
  }
}

async function waitAgain(
  { env, signal }: ClientEntryContext,
  pollError: boolean,
  providerState: StorageDealStatus,
): Promise<ClientEvent> {
  // One shared schedule wakes every waiting deal at once (no timer per deal). Leaving the state
  // (or stopping) aborts the wait, so no stale poll is ever triggered.
  await pollScheduleFor(env.clock, env.pollingIntervalMs).wait(signal)
  return { type: 'ClientEventWaitForDealState', pollError, providerState }
}
