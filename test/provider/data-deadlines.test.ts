import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { dataDeadlineMessage } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld, START_EPOCH } from '../fakes/provider-world.ts'
import { plantDeal, propose, startProvider, untilState } from './provider-harness.ts'

/** The default sweep interval: one mainnet epoch of clock time. */
const SWEEP_MS = 30_000

const headAt = (world: ProviderWorld, epoch: number): void => {
  world.node.head = { ...world.node.head, epoch }
}
const headReads = (world: ProviderWorld): number => world.node.faults.of('getChainHead').length

describe('the data deadline (ProviderEventDataDeadlinePassed)', () => {
  it('fails a deal still waiting for its data once the chain reaches its start epoch, not before', async () => {
    const world = await createProviderWorld()
    const { provider } = await startProvider(world)
    const { proposalCid, stream } = await propose(world, provider)
    const waiting = await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    expect(waiting.InboundCAR).not.toBe('')

    headAt(world, START_EPOCH - 1)
    await world.clock.advance(10 * SWEEP_MS)
    expect((await provider.getLocalDeal(proposalCid)).State).toBe('StorageDealWaitingForData')

    headAt(world, START_EPOCH)
    await world.clock.advance(SWEEP_MS)
    const failed = await untilState(world, provider, proposalCid, 'StorageDealError')
    expect(failed.Message).toBe(dataDeadlineMessage(START_EPOCH, START_EPOCH))
    expect(failed.Message).toContain(`start epoch ${START_EPOCH} passed before the data arrived`)
    // Through FailDeal: the staging area removed, the client's stream closed and untagged.
    expect(world.staging.deleted).toContain(waiting.InboundCAR)
    expect(stream.closed).toBeGreaterThan(0)
    expect(world.network.untags.map((u) => u.tag)).toContain(proposalCid.toString())
    expect(failed.FundsReserved).toBe(0n)
  })

  it('fails a transfer that never completes', async () => {
    const world = await createProviderWorld()
    const { provider } = await startProvider(world)
    const { proposalCid, channel } = await propose(world, provider)
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    world.dataTransfer.emit('opened', channel, proposalCid)
    await untilState(world, provider, proposalCid, 'StorageDealTransferring')
    headAt(world, START_EPOCH + 3)
    await world.clock.advance(SWEEP_MS)
    const failed = await untilState(world, provider, proposalCid, 'StorageDealError')
    expect(failed.Message).toBe(dataDeadlineMessage(START_EPOCH, START_EPOCH + 3))
  })

  it('leaves a deal whose data arrived in time alone, and stops reading the head once none waits', async () => {
    const world = await createProviderWorld()
    const { provider } = await startProvider(world)
    const { proposalCid } = await propose(world, provider, {}, 'manual')
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    headAt(world, START_EPOCH - 1)
    await provider.importDataForDeal(proposalCid, world.payload)
    const active = await untilState(world, provider, proposalCid, 'StorageDealActive')
    expect(active.Message).toBe('')
    const reads = headReads(world)
    headAt(world, START_EPOCH + 10)
    await world.clock.advance(20 * SWEEP_MS)
    expect((await provider.getLocalDeal(proposalCid)).State).toBe('StorageDealActive')
    expect(headReads(world)).toBe(reads)
  })

  it('fails a deal restored waiting for its data past its start epoch at once on restart', async () => {
    const world = await createProviderWorld()
    const deal = await world.deal('StorageDealWaitingForData')
    await plantDeal(world, deal)
    headAt(world, START_EPOCH + 100)
    const startedAt = world.clock.now()
    const { provider } = await startProvider(world)
    // No clock time passes: the restart itself asks for a sweep.
    const failed = await untilState(world, provider, deal.ProposalCid, 'StorageDealError', { stepMs: 0 })
    expect(world.clock.now()).toBe(startedAt)
    expect(failed.Message).toBe(dataDeadlineMessage(START_EPOCH, START_EPOCH + 100))
    await provider.stop()
    expect(world.clock.pending).toBe(0)
  })

  it('keeps a restored deal whose start epoch is ahead waiting', async () => {
    const world = await createProviderWorld()
    const deal = await world.deal('StorageDealWaitingForData')
    await plantDeal(world, deal)
    headAt(world, START_EPOCH - 5)
    const { provider } = await startProvider(world)
    await world.clock.advance(3 * SWEEP_MS)
    expect((await provider.getLocalDeal(deal.ProposalCid)).State).toBe('StorageDealWaitingForData')
    headAt(world, START_EPOCH)
    await world.clock.advance(SWEEP_MS)
    await untilState(world, provider, deal.ProposalCid, 'StorageDealError')
  })

  it('serves many waiting deals with one head read per sweep, failing each at its own start epoch', async () => {
    const world = await createProviderWorld()
    const { provider } = await startProvider(world)
    const count = 40
    const cids: CID[] = []
    for (let i = 0; i < count; i++) {
      const { proposalCid } = await propose(world, provider, { StartEpoch: START_EPOCH + i })
      cids.push(proposalCid)
    }
    await world.clock.advance(0)
    const states = async (): Promise<string[]> => {
      const found: string[] = []
      for (const cid of cids) found.push((await provider.getLocalDeal(cid)).State)
      return found
    }
    expect(new Set(await states())).toEqual(new Set(['StorageDealWaitingForData']))

    const before = headReads(world)
    await world.clock.advance(SWEEP_MS)
    expect(headReads(world)).toBe(before + 1)

    headAt(world, START_EPOCH + 9)
    await world.clock.advance(SWEEP_MS)
    expect(headReads(world)).toBe(before + 2)
    const after = await states()
    expect(after.slice(0, 10).every((state) => state === 'StorageDealError')).toBe(true)
    expect(after.slice(10).every((state) => state === 'StorageDealWaitingForData')).toBe(true)

    headAt(world, START_EPOCH + count)
    await world.clock.advance(SWEEP_MS)
    expect(headReads(world)).toBe(before + 3)
    expect(new Set(await states())).toEqual(new Set(['StorageDealError']))
    // Nothing waits any more: no sweep is scheduled and the head is not read again.
    await world.clock.advance(5 * SWEEP_MS)
    expect(headReads(world)).toBe(before + 3)
  })

  it('tries again at the next sweep when the head cannot be read', async () => {
    const world = await createProviderWorld()
    const { provider, errors } = await startProvider(world)
    const { proposalCid } = await propose(world, provider)
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    headAt(world, START_EPOCH)
    world.node.faults.block('getChainHead')
    await world.clock.advance(2 * SWEEP_MS)
    expect((await provider.getLocalDeal(proposalCid)).State).toBe('StorageDealWaitingForData')
    world.node.faults.heal()
    await world.clock.advance(SWEEP_MS)
    await untilState(world, provider, proposalCid, 'StorageDealError')
    expect(errors).toEqual([])
  })
})
