import { beforeEach, describe, expect, it } from 'vitest'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

describe('WaitForFunding', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })

  it('succeeds', async () => {
    const deal = await world.deal('StorageDealProviderFunding')
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealPublish')
    expect(world.node.faults.of('waitForMessage')).toEqual([[deal.AddFundsCid]])
  })

  it('AddFunds returns non-ok exit code', async () => {
    world.node.exitCode = 19
    const run = await runEntry(world, await world.deal('StorageDealProviderFunding'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(wrap(EventText.nodeErrored, wrap(StepText.addFundsExitCode, '19')))
  })

  it('names a system exit code', async () => {
    world.node.exitCode = 7
    const run = await runEntry(world, await world.deal('StorageDealProviderFunding'))
    expect(run.deal.Message).toBe(
      wrap(EventText.nodeErrored, wrap(StepText.addFundsExitCode, 'SysErrOutOfGas(7)')),
    )
  })

  it('fails the deal when waiting for the message fails (the reference stalls)', async () => {
    world.node.faults.fail('waitForMessage', new Error('lookback exceeded'))
    const run = await runEntry(world, await world.deal('StorageDealProviderFunding'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(
      wrap(EventText.nodeErrored, wrap(StepText.addFundsWait, 'lookback exceeded')),
    )
  })

  it('fails a deal with no recorded add-funds message', async () => {
    const run = await runEntry(world, await world.deal('StorageDealProviderFunding', { AddFundsCid: null }))
    expect(run.deal.Message).toBe(wrap(EventText.nodeErrored, StepText.noAddFundsCid))
  })
})
