import { describe, expect, it } from 'vitest'
import { createClientMachine } from '../../src/client/index.ts'
import { clientMessages as m } from '../../src/client/messages.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import { clientAddress, makeDeal } from './fixtures.ts'
import { transitionPaths } from './model/paths.ts'
import { DealDriver, pathName, proposal } from './model/runner.ts'
import { createFakes, settle, startClient } from './setup.ts'

const machine = createClientMachine(new VirtualClock())
const failurePaths = transitionPaths(machine, await makeDeal('StorageDealUnknown')).filter((path) => {
  const last = path[path.length - 1]
  return last !== undefined && machine.table.resolve(last.event, last.from) === 'StorageDealFailing'
})

describe('client failure routing', () => {
  it.each(failurePaths.map((path) => [pathName(path), path] as const))(
    '%s: ends in Error with every reservation released and the provider untagged',
    async (_name, path) => {
      const driver = new DealDriver()
      await driver.start()
      await driver.run(path)
      await driver.until(() => driver.isFinal(), 'a final state')
      const deal = await driver.deal()
      expect(deal.State).toBe('StorageDealError')
      expect(deal.Message).not.toBe('')
      expect(deal.FundsReserved).toBe(0n)
      expect(driver.fakes.node.reservedFor(clientAddress)).toBe(0n)
      const tagged = driver.fakes.network.tags.length
      expect(driver.fakes.network.untags.length).toBeGreaterThanOrEqual(tagged)
      await driver.stop()
    },
  )

  it('turns an entry function that throws into its state failure event, which releases the funds', async () => {
    const fakes = createFakes()
    fakes.network.tagError = new Error('connection manager closed')
    const { client } = await startClient(fakes)
    const { proposalCid } = await client.proposeStorageDeal(proposal)
    await settle(fakes)
    const deal = await client.getLocalDeal(proposalCid)
    expect(deal.State).toBe('StorageDealError')
    expect(deal.Message).toBe(m.writeProposalFailed('ProposeDeal: connection manager closed'))
    expect(fakes.node.reservedFor(clientAddress)).toBe(0n)
    await client.stop()
  })
})

describe('client failure routing from the parked Active state', () => {
  it.each([
    ['expiry', { expiryError: new Error('state tree gone') }],
    ['slashing', { slashingError: new Error('state tree gone') }],
  ] as const)(
    'ends in Error when the %s watch fails while it is being registered',
    async (_kind, outcome) => {
      const fakes = createFakes()
      fakes.node.program.next('onDealExpiredOrSlashed', { kind: 'value', value: outcome })
      const { client } = await startClient(fakes)
      const { proposalCid } = await client.proposeStorageDeal(proposal)
      await settle(fakes)
      fakes.dataTransfer.emit('completed', proposalCid)
      await settle(fakes, 6)
      const deal = await client.getLocalDeal(proposalCid)
      expect(deal.State).toBe('StorageDealError')
      expect(deal.Message).toMatch(/^waiting for the deal to expire or be slashed failed: watching for/)
      await client.stop()
    },
  )
})
