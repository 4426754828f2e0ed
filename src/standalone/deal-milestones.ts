/**
 * Following a client deal until it reaches a milestone of its lifecycle (accepted, published,
 * sealing, active), or fails first.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { AbortOptions } from '../adapters/node.ts'
import type { ClientState, StorageClient } from '../client/index.ts'
import { AbortError, DealFailedError } from '../errors.ts'
import type { ClientDeal } from '../market/index.ts'

/** The milestones a deal can be followed to, in lifecycle order. */
export const DEAL_MILESTONES = ['accepted', 'published', 'sealing', 'active'] as const

/** A milestone of {@link DEAL_MILESTONES}. */
export type DealMilestone = (typeof DEAL_MILESTONES)[number]

const EXPIRED: ClientState = 'StorageDealExpired'

/** The client states at or past each milestone (an expired deal has passed them all). */
export const MILESTONE_STATES: Readonly<Record<DealMilestone, readonly ClientState[]>> = {
  accepted: [
    'StorageDealProposalAccepted',
    'StorageDealAwaitingPreCommit',
    'StorageDealSealing',
    'StorageDealActive',
    EXPIRED,
  ],
  published: ['StorageDealAwaitingPreCommit', 'StorageDealSealing', 'StorageDealActive', EXPIRED],
  sealing: ['StorageDealSealing', 'StorageDealActive', EXPIRED],
  active: ['StorageDealActive', EXPIRED],
}

/** Client states that end a deal without its milestones. */
export const FAILED_CLIENT_STATES: readonly ClientState[] = [
  'StorageDealFailing',
  'StorageDealError',
  'StorageDealSlashed',
]

/** True when `text` names a milestone. */
export function isDealMilestone(text: string): text is DealMilestone {
  return (DEAL_MILESTONES as readonly string[]).includes(text)
}

/** Options of {@link followDeal}. */
export interface FollowDealOptions extends AbortOptions {
  /** Called with the deal whenever its state changes (and once with the state it has now). */
  readonly onState?: (deal: ClientDeal) => void
}

/**
 * Resolves with the deal once its state is at or past `milestone`.
 *
 * @throws {@link DealFailedError} when the deal reaches a failure state first
 * @throws {@link AbortError} when the signal aborts
 */
export function followDeal(
  client: Pick<StorageClient, 'subscribe' | 'getLocalDeal'>,
  proposalCid: CID,
  milestone: DealMilestone,
  options: FollowDealOptions = {},
): Promise<ClientDeal> {
  const { signal, onState } = options
  return new Promise<ClientDeal>((resolve, reject) => {
    let last: string | undefined
    let done = false
    const finish = (outcome: () => void) => {
      if (done) return
      done = true
      unsubscribe()
      signal?.removeEventListener('abort', onAbort)
      outcome()
    }
    const see = (deal: ClientDeal) => {
      if (done || !deal.ProposalCid.equals(proposalCid)) return
      const state = deal.State as ClientState
      if (state !== last) {
        last = state
        onState?.(deal)
      }
      if (MILESTONE_STATES[milestone].includes(state)) finish(() => resolve(deal))
      else if (FAILED_CLIENT_STATES.includes(state))
        finish(() => reject(new DealFailedError(proposalCid.toString(), state, deal.Message)))
    }
    const onAbort = () => finish(() => reject(new AbortError('following the deal was aborted')))
    const unsubscribe = client.subscribe((_event, deal) => see(deal))
    if (signal?.aborted === true) {
      onAbort()
      return
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    client.getLocalDeal(proposalCid).then(see, (error: unknown) => finish(() => reject(error)))
  })
}
