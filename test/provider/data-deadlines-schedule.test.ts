import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { describe, expect, it } from 'vitest'
import type { ChainHead } from '../../src/adapters/node.ts'
import { InvalidTransitionError } from '../../src/errors.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import type { MinerDeal } from '../../src/market/index.ts'
import { DataDeadlines } from '../../src/provider/data-deadlines.ts'
import { DeadlineHeap } from '../../src/provider/deadline-heap.ts'
import type { ProviderEvent, ProviderState } from '../../src/provider/index.ts'
import { createProviderWorld } from '../fakes/provider-world.ts'

const SWEEP_MS = 30_000
const base = await (await createProviderWorld()).deal('StorageDealWaitingForData')

const dealWith = (n: number, startEpoch: number, state: ProviderState): MinerDeal => ({
  ...base,
  ProposalCid: CID.createV1(0x71, identity.digest(new TextEncoder().encode(`deal ${n}`))),
  Proposal: { ...base.Proposal, StartEpoch: startEpoch },
  State: state,
})

/** A deal group reduced to what the deadlines use: notifications in, events out. */
class FakeGroup {
  listener: ((event: ProviderEvent, deal: MinerDeal) => void) | undefined
  readonly sent: { id: string; event: ProviderEvent }[] = []
  refuse = new Set<string>()

  subscribe(listener: (event: ProviderEvent, deal: MinerDeal) => void): () => void {
    this.listener = listener
    return () => {
      this.listener = undefined
    }
  }

  async send(id: string, event: ProviderEvent): Promise<MinerDeal> {
    if (this.refuse.has(id)) throw new InvalidTransitionError(id, 'StorageDealVerifyData', event.type)
    this.sent.push({ id, event })
    return base
  }

  notify(event: ProviderEvent['type'], deal: MinerDeal): void {
    this.listener?.({ type: event } as ProviderEvent, deal)
  }
}

function setup() {
  const clock = new VirtualClock()
  const group = new FakeGroup()
  const head: { epoch: number; reads: number; garbage?: unknown } = { epoch: 100, reads: 0 }
  const warnings: string[] = []
  const deadlines = new DataDeadlines({
    group,
    clock,
    node: {
      getChainHead: async (): Promise<ChainHead> => {
        head.reads++
        if (head.garbage !== undefined) return head.garbage as ChainHead
        return { token: new Uint8Array(), epoch: head.epoch }
      },
    },
    logger: { warn: (message) => void warnings.push(message) },
  })
  const stop = deadlines.follow()
  return { clock, group, head, warnings, deadlines, stop }
}

describe('DataDeadlines', () => {
  it('holds one timer for thousands of waiting deals and reads the head once per sweep', async () => {
    const { clock, group, head, deadlines } = setup()
    for (let i = 0; i < 5_000; i++)
      group.notify('ProviderEventDataRequested', dealWith(i, 200 + (i % 50), 'StorageDealWaitingForData'))
    expect(deadlines.size).toBe(5_000)
    expect(clock.pending).toBe(1)
    await clock.advance(SWEEP_MS)
    expect(head.reads).toBe(1)
    expect(group.sent).toEqual([])
    expect(clock.pending).toBe(1)

    head.epoch = 209
    await clock.advance(SWEEP_MS)
    expect(head.reads).toBe(2)
    expect(group.sent).toHaveLength(1_000)
    const event = group.sent[0]?.event
    expect(event).toEqual({ type: 'ProviderEventDataDeadlinePassed', startEpoch: 200, headEpoch: 209 })
    expect(deadlines.size).toBe(4_000)
  })

  it('does not fire a step before the start epoch', async () => {
    const { clock, group, head } = setup()
    group.notify('ProviderEventDataRequested', dealWith(1, 300, 'StorageDealWaitingForData'))
    head.epoch = 299
    await clock.advance(10 * SWEEP_MS)
    expect(group.sent).toEqual([])
    head.epoch = 300
    await clock.advance(SWEEP_MS)
    expect(group.sent.map((s) => s.event.type)).toEqual(['ProviderEventDataDeadlinePassed'])
  })

  it('drops a deal that moved on, and disarms when none waits', async () => {
    const { clock, group, head, deadlines } = setup()
    const deal = dealWith(1, 150, 'StorageDealWaitingForData')
    group.notify('ProviderEventDataRequested', deal)
    group.notify('ProviderEventDataTransferInitiated', { ...deal, State: 'StorageDealTransferring' })
    expect(deadlines.size).toBe(1)
    group.notify('ProviderEventDataTransferCompleted', { ...deal, State: 'StorageDealVerifyData' })
    expect(deadlines.size).toBe(0)
    expect(clock.pending).toBe(0)
    head.epoch = 1_000
    await clock.advance(3 * SWEEP_MS)
    expect(head.reads).toBe(0)
    expect(group.sent).toEqual([])
  })

  it('sweeps at once when a restart finds a deal waiting', async () => {
    const { clock, group, head } = setup()
    head.epoch = 500
    group.notify('ProviderEventRestart', dealWith(1, 150, 'StorageDealProviderTransferAwaitRestart'))
    await clock.runDue()
    expect(group.sent.map((s) => s.id)).toEqual([
      dealWith(1, 150, 'StorageDealUnknown').ProposalCid.toString(),
    ])
  })

  it('ignores a deal that left the waiting states between the head read and the event', async () => {
    const { clock, group, head, warnings } = setup()
    const deal = dealWith(1, 150, 'StorageDealWaitingForData')
    group.notify('ProviderEventDataRequested', deal)
    group.refuse.add(deal.ProposalCid.toString())
    head.epoch = 150
    await clock.advance(SWEEP_MS)
    expect(warnings).toEqual([])
    expect(clock.pending).toBe(0)
  })

  it('fails nothing on a garbage head, and tries again at the next sweep', async () => {
    const { clock, group, head, warnings } = setup()
    group.notify('ProviderEventDataRequested', dealWith(1, 150, 'StorageDealWaitingForData'))
    head.garbage = { injected: 'garbage' }
    await clock.advance(SWEEP_MS)
    expect(group.sent).toEqual([])
    expect(warnings).toHaveLength(1)
    head.garbage = undefined
    head.epoch = 150
    await clock.advance(SWEEP_MS)
    expect(group.sent).toHaveLength(1)
  })

  it('leaves no timer behind once stopped', async () => {
    const { clock, group, deadlines, stop } = setup()
    group.notify('ProviderEventDataRequested', dealWith(1, 150, 'StorageDealWaitingForData'))
    stop()
    deadlines.stop()
    expect(clock.pending).toBe(0)
  })
})

describe('DeadlineHeap', () => {
  it('yields the due entries earliest first and skips stale ones', () => {
    const heap = new DeadlineHeap()
    const live = new Map<string, number>()
    for (const [id, epoch] of [
      ['c', 30],
      ['a', 10],
      ['d', 40],
      ['b', 20],
      ['e', 25],
    ] as const) {
      heap.push(epoch, id)
      live.set(id, epoch)
    }
    live.delete('e')
    expect(heap.popDue(30, live).map((entry) => entry.id)).toEqual(['a', 'b', 'c'])
    expect(heap.popDue(39, live)).toEqual([])
    expect(heap.popDue(40, live).map((entry) => entry.id)).toEqual(['d'])
    expect(heap.size).toBe(0)
  })

  it('compacts once stale entries outnumber live ones', () => {
    const heap = new DeadlineHeap()
    const live = new Map<string, number>()
    for (let i = 0; i < 500; i++) heap.push(i, `deal ${i}`)
    live.set('deal 7', 7)
    heap.compact(live)
    expect(heap.size).toBe(1)
    expect(heap.popDue(1_000, live).map((entry) => entry.id)).toEqual(['deal 7'])
  })
})
