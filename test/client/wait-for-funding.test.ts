import { describe, expect, it } from 'vitest'
import { clientMessages as m } from '../../src/client/messages.ts'
import { fails, returns } from '../fakes/client-program.ts'
import { runEntry } from './entry-harness.ts'
import { makeDeal, testCid } from './fixtures.ts'
import { createFakes } from './setup.ts'

const addFundsCid = testCid('add-funds')
const receipt = (exitCode: number) => ({ exitCode, returnValue: new Uint8Array(), finalCid: addFundsCid })

describe('WaitForFunding', () => {
  it('succeeds', async () => {
    const fakes = createFakes()
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealClientFunding', { AddFundsCid: addFundsCid }),
    )
    expect(run.deal.State).toBe('StorageDealFundsReserved')
    expect(fakes.node.waitCalls).toEqual([addFundsCid])
  })

  it('ReserveFunds fails', async () => {
    const fakes = createFakes()
    fakes.node.program.next('waitForMessage', returns(receipt(19)))
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealClientFunding', { AddFundsCid: addFundsCid }),
    )
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.reserveFundsFailed(m.addFundsExitCode(19)))
    expect(run.deal.Message).toMatch(/exit code 19$/)
  })

  it('names the reserved system exit codes as go-state-types prints them', async () => {
    const fakes = createFakes()
    fakes.node.program.next('waitForMessage', returns(receipt(7)))
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealClientFunding', { AddFundsCid: addFundsCid }),
    )
    expect(run.deal.Message).toMatch(/exit code SysErrOutOfGas\(7\)$/)
  })

  it('fails the deal when the wait itself fails (the reference stalls)', async () => {
    const fakes = createFakes()
    fakes.node.program.next('waitForMessage', fails('lookback exceeded'))
    const run = await runEntry(
      fakes,
      await makeDeal('StorageDealClientFunding', { AddFundsCid: addFundsCid }),
    )
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(m.reserveFundsFailed(m.addFundsWaitFailed('lookback exceeded')))
  })

  it('fails the deal when no add-funds message is recorded', async () => {
    const fakes = createFakes()
    const run = await runEntry(fakes, await makeDeal('StorageDealClientFunding'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(fakes.node.waitCalls).toEqual([])
  })
})
