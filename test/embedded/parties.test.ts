/** What a starting side tells the deal tracker: the listed deals, unless a notification is newer. */
import { describe, expect, it } from 'vitest'
import { learnListedDeals } from '../../src/embedded/parties.ts'
import { DealTracker } from '../../src/embedded/progress.ts'

interface FakeDeal {
  readonly ProposalCid: string
  readonly State: string
}

/**
 * A side whose start() restarts deal `a`, which expires at once (notified), while its list was read
 * before that write: it still shows `a` Active. `b` is final and sends nothing.
 */
function racingSide(): {
  start(): Promise<void>
  listLocalDeals(): Promise<FakeDeal[]>
  subscribe(listener: (event: unknown, deal: FakeDeal) => unknown): () => void
  listeners: number
} {
  const listeners = new Set<(event: unknown, deal: FakeDeal) => unknown>()
  const side = {
    listeners: 0,
    async start() {
      for (const listener of listeners)
        listener({ type: 'DealExpired' }, { ProposalCid: 'a', State: 'StorageDealExpired' })
    },
    async listLocalDeals() {
      return [
        { ProposalCid: 'a', State: 'StorageDealActive' },
        { ProposalCid: 'b', State: 'StorageDealExpired' },
      ]
    },
    subscribe(listener: (event: unknown, deal: FakeDeal) => unknown) {
      listeners.add(listener)
      side.listeners = listeners.size
      return () => {
        listeners.delete(listener)
        side.listeners = listeners.size
      }
    },
  }
  return side
}

describe('learnListedDeals', () => {
  it('keeps the state a deal was notified in since the start over an older listed one', async () => {
    const tracker = new DealTracker()
    const side = racingSide()
    // The market's own subscription, as the party has it from its creation.
    side.subscribe((_event, deal) => tracker.client(deal.ProposalCid, deal.State))
    await learnListedDeals(side, (deals) => deals, tracker.client.bind(tracker))
    expect(tracker.stuck()).toEqual([])
    expect(tracker.progress(0).deals).toEqual([
      { proposalCid: 'a', client: 'StorageDealExpired', provider: undefined },
      { proposalCid: 'b', client: 'StorageDealExpired', provider: undefined },
    ])
    // Its own subscription is gone once the side has started.
    expect(side.listeners).toBe(1)
  })
})
