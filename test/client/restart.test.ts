import { describe, expect, it } from 'vitest'
import {
  CLIENT_FINAL_STATES,
  CLIENT_STATES,
  type ClientState,
  createClientMachine,
} from '../../src/client/index.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import { clientAddress, makeDeal } from './fixtures.ts'
import { transitionKey, transitionPaths } from './model/paths.ts'
import { CHANNEL, DealDriver } from './model/runner.ts'

const machine = createClientMachine(new VirtualClock())
const restartPaths = transitionPaths(machine, await makeDeal('StorageDealUnknown')).filter(
  (path) => path[path.length - 1]?.event === 'ClientEventRestart',
)
const nonFinal = CLIENT_STATES.filter((s) => !(CLIENT_FINAL_STATES as readonly string[]).includes(s))

// What shows that the restarted client picked the deal up where it stood.
const RESUMED: Record<string, (d: DealDriver) => void> = {
  StorageDealUnknown: (d) => expect(d.fakes.node.reserveCalls).toHaveLength(1),
  StorageDealReserveClientFunds: (d) => expect(d.fakes.node.reserveCalls).toHaveLength(1),
  StorageDealClientFunding: (d) => expect(d.fakes.node.waitCalls).toHaveLength(2),
  StorageDealFundsReserved: (d) => expect(d.fakes.network.proposals).toHaveLength(1),
  StorageDealStartDataTransfer: (d) => expect(d.fakes.dataTransfer.pushes).toHaveLength(2),
  StorageDealTransferQueued: (d) => expect(d.fakes.dataTransfer.restarts).toEqual([CHANNEL]),
  StorageDealTransferring: (d) => expect(d.fakes.dataTransfer.restarts).toEqual([CHANNEL]),
  StorageDealClientTransferRestart: (d) => expect(d.fakes.dataTransfer.restarts).toEqual([CHANNEL, CHANNEL]),
  StorageDealCheckForAcceptance: (d) => expect(d.fakes.network.statusRequests).toHaveLength(2),
  StorageDealProposalAccepted: (d) => expect(d.fakes.node.validateCalls).toHaveLength(2),
  StorageDealAwaitingPreCommit: (d) =>
    expect(d.fakes.node.watches.filter((w) => w.kind === 'pre-commit')).toHaveLength(2),
  StorageDealSealing: (d) => expect(d.fakes.node.watches.filter((w) => w.kind === 'commit')).toHaveLength(2),
  StorageDealActive: (d) =>
    expect(d.fakes.node.watches.filter((w) => w.kind === 'completion')).toHaveLength(2),
  StorageDealFailing: (d) => expect(d.fakes.blockstore.cleaned).toHaveLength(2),
}

describe('client restart', () => {
  it('has a restart scenario for every non-final state', () => {
    expect(restartPaths.map((p) => p[p.length - 1]?.from).sort()).toEqual([...nonFinal].sort())
  })

  it.each(restartPaths.map((path) => [path[path.length - 1]?.from as ClientState, path] as const))(
    'resumes a deal left in %s by a stopped client',
    async (state, path) => {
      const driver = new DealDriver()
      await driver.start()
      await driver.run(path)
      expect(driver.applied.map(transitionKey)).toContain(`${state} + ClientEventRestart`)
      const final = await driver.finish()
      RESUMED[state]?.(driver)
      expect(final).toBe(state === 'StorageDealFailing' ? 'StorageDealError' : 'StorageDealExpired')
      expect(driver.fakes.node.reservedFor(clientAddress)).toBe(0n)
      expect((await driver.deal()).FundsReserved).toBe(0n)
      expect(driver.errors).toEqual([])
      await driver.stop()
    },
  )
})
