/** The deal tracker behind the embedded market's progress. */
import { describe, expect, it } from 'vitest'
import { allFinished, DealTracker, isFinished } from '../../src/embedded/progress.ts'

describe('DealTracker', () => {
  it('counts deals per state on each side, in the order deals were first seen', () => {
    const tracker = new DealTracker()
    tracker.client('b', 'StorageDealTransferring')
    tracker.client('a', 'StorageDealActive')
    tracker.provider('a', 'StorageDealActive')
    tracker.provider('b', 'StorageDealTransferring')
    tracker.client('c', 'StorageDealTransferring')
    const progress = tracker.progress(12)
    expect(progress.epoch).toBe(12)
    expect(progress.deals.map((deal) => deal.proposalCid)).toEqual(['b', 'a', 'c'])
    expect(progress.client).toEqual({ StorageDealTransferring: 2, StorageDealActive: 1 })
    expect(progress.provider).toEqual({ StorageDealActive: 1, StorageDealTransferring: 1 })
    expect(progress.finished).toBe(0)
    expect(allFinished(progress)).toBe(false)
  })

  it('counts a deal finished once final on the client and final or unknown on the provider', () => {
    expect(
      isFinished({ proposalCid: 'x', client: 'StorageDealExpired', provider: 'StorageDealExpired' }),
    ).toBe(true)
    expect(isFinished({ proposalCid: 'x', client: 'StorageDealError', provider: undefined })).toBe(true)
    expect(isFinished({ proposalCid: 'x', client: 'StorageDealError', provider: 'StorageDealFailing' })).toBe(
      false,
    )
    expect(isFinished({ proposalCid: 'x', client: undefined, provider: 'StorageDealError' })).toBe(false)
    expect(
      isFinished({ proposalCid: 'x', client: 'StorageDealActive', provider: 'StorageDealExpired' }),
    ).toBe(false)
  })

  it('names the unfinished deals and their states', () => {
    const tracker = new DealTracker()
    tracker.client('done', 'StorageDealSlashed')
    tracker.provider('done', 'StorageDealSlashed')
    tracker.client('stuck', 'StorageDealCheckForAcceptance')
    tracker.provider('stuck', 'StorageDealPublishing')
    expect(tracker.stuck()).toEqual([
      {
        proposalCid: 'stuck',
        clientState: 'StorageDealCheckForAcceptance',
        providerState: 'StorageDealPublishing',
      },
    ])
    expect(allFinished(tracker.progress(0))).toBe(false)
    tracker.client('stuck', 'StorageDealError')
    tracker.provider('stuck', 'StorageDealError')
    expect(allFinished(tracker.progress(0))).toBe(true)
  })
})
