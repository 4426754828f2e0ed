import { beforeEach, describe, expect, it } from 'vitest'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { messageCid } from '../fakes/provider-node.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('ReserveProviderFunds', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
    world.node.balances.set(world.provider.toString(), 1_000_000n)
  })
  const reserving = () => world.deal('StorageDealReserveProviderFunds', { AddFundsCid: null })

  it('succeeds immediately', async () => {
    const run = await runEntry(world, await reserving())
    expect(run.types).toEqual(['ProviderEventFundsReserved', 'ProviderEventFunded'])
    expect(run.deal.State).toBe('StorageDealPublish')
    expect(world.node.faults.of('reserveFunds')).toEqual([[world.worker, world.provider, 10_000n]])
    expect(world.node.faults.of('releaseFunds')).toEqual([])
    expect(run.deal.FundsReserved).toBe(10_000n)
    expect(world.node.reserved).toBe(10_000n)
  })

  it('succeeds by sending an AddBalance message', async () => {
    world.node.balances.set(world.provider.toString(), 0n)
    world.node.addFundsCid = await messageCid('top-up')
    const run = await runEntry(
      world,
      await world.deal('StorageDealReserveProviderFunds', {}, { ProviderCollateral: 1n }),
    )
    expect(run.deal.State).toBe('StorageDealProviderFunding')
    expect(run.deal.AddFundsCid?.equals(world.node.addFundsCid)).toBe(true)
    expect(world.node.faults.of('reserveFunds')).toEqual([[world.worker, world.provider, 1n]])
    expect(run.deal.FundsReserved).toBe(1n)
  })

  it('get miner worker fails', async () => {
    world.node.faults.fail('getMinerWorkerAddress', new Error('actor not found'))
    const run = await runEntry(world, await reserving())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(world.node.faults.of('reserveFunds')).toEqual([])
    expect(run.deal.FundsReserved).toBe(0n)
    expect(run.deal.Message).toBe(wrap(EventText.nodeErrored, wrap(StepText.workerLookup, 'actor not found')))
  })

  it('reserveFunds errors', async () => {
    world.node.faults.fail('reserveFunds', new Error('wallet locked'))
    const run = await runEntry(world, await reserving())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.nodeErrored, wrap(StepText.reservation, 'wallet locked')))
    expect(run.deal.FundsReserved).toBe(0n)
    expect(world.node.reserved).toBe(0n)
  })

  it('fails when the chain head is unavailable', async () => {
    world.node.faults.fail('getChainHead', new Error('no head'))
    const run = await runEntry(world, await reserving())
    expect(run.deal.Message).toBe(wrap(EventText.nodeErrored, wrap(StepText.chainHeadUnavailable, 'no head')))
  })
})
