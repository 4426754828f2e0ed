import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import type { ClientSubscriber } from '../../src/client/index.ts'
import { AbortError, DealFailedError } from '../../src/errors.ts'
import type { ClientDeal } from '../../src/market/index.ts'
import { followDeal } from '../../src/standalone/deal-milestones.ts'

const CID_A = CID.parse('bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza')
const CID_B = CID.parse('bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')

/** A client holding one deal per proposal CID; `move` applies a state and tells subscribers. */
function fakeClient(initial: ClientDeal[]) {
  const deals = new Map(initial.map((deal) => [deal.ProposalCid.toString(), deal]))
  const subscribers = new Set<ClientSubscriber>()
  return {
    subscribe(subscriber: ClientSubscriber) {
      subscribers.add(subscriber)
      return () => {
        subscribers.delete(subscriber)
      }
    },
    async getLocalDeal(cid: CID) {
      const deal = deals.get(cid.toString())
      if (deal === undefined) throw new Error('unknown deal')
      return deal
    },
    move(cid: CID, State: string, Message = '') {
      const deal = { ...(deals.get(cid.toString()) as ClientDeal), State, Message } as ClientDeal
      deals.set(cid.toString(), deal)
      for (const subscriber of subscribers) subscriber({ type: 'ClientEventDealAccepted' } as never, deal)
    },
    get subscribers() {
      return subscribers.size
    },
  }
}

const dealOf = (cid: CID, State: string) =>
  ({ ProposalCid: cid, State, Message: '' }) as unknown as ClientDeal

describe('followDeal', () => {
  it('reports each new state and resolves at the milestone, ignoring other deals', async () => {
    const client = fakeClient([
      dealOf(CID_A, 'StorageDealCheckForAcceptance'),
      dealOf(CID_B, 'StorageDealUnknown'),
    ])
    const seen: string[] = []
    const following = followDeal(client, CID_A, 'published', { onState: (deal) => seen.push(deal.State) })
    await Promise.resolve()
    client.move(CID_B, 'StorageDealAwaitingPreCommit')
    client.move(CID_A, 'StorageDealProposalAccepted')
    client.move(CID_A, 'StorageDealProposalAccepted')
    client.move(CID_A, 'StorageDealAwaitingPreCommit')
    const deal = await following
    expect(deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(seen).toEqual([
      'StorageDealCheckForAcceptance',
      'StorageDealProposalAccepted',
      'StorageDealAwaitingPreCommit',
    ])
    expect(client.subscribers).toBe(0)
  })

  it('resolves at once for a deal already past the milestone', async () => {
    const client = fakeClient([dealOf(CID_A, 'StorageDealActive')])
    expect((await followDeal(client, CID_A, 'accepted')).State).toBe('StorageDealActive')
  })

  it('rejects with DealFailedError, the state and the reason, when the deal fails first', async () => {
    const client = fakeClient([dealOf(CID_A, 'StorageDealFundsReserved')])
    const following = followDeal(client, CID_A, 'active')
    await Promise.resolve()
    client.move(CID_A, 'StorageDealFailing', 'deal rejected: price too low')
    const error = await following.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DealFailedError)
    expect(error).toMatchObject({ code: 'ERR_DEAL_FAILED', state: 'StorageDealFailing' })
    expect((error as Error).message).toMatch(/price too low/)
    expect(client.subscribers).toBe(0)
  })

  it('rejects with AbortError when the signal aborts, and unsubscribes', async () => {
    const client = fakeClient([dealOf(CID_A, 'StorageDealCheckForAcceptance')])
    const controller = new AbortController()
    const following = followDeal(client, CID_A, 'accepted', { signal: controller.signal })
    controller.abort()
    await expect(following).rejects.toBeInstanceOf(AbortError)
    expect(client.subscribers).toBe(0)
  })
})
