import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import {
  CLIENT_FINAL_STATES,
  CLIENT_STATES,
  clientDealRecordCodec,
  createClientEnvironment,
  createClientMachine,
} from '../../src/client/index.ts'
import { DealTerminatedError, InvalidTransitionError } from '../../src/errors.ts'
import { StateGroup } from '../../src/fsm/index.ts'
import { makeDeal } from './fixtures.ts'
import { EVENT_TYPES, SAMPLE_EVENTS } from './sample-events.ts'
import { createFakes } from './setup.ts'

async function plantedGroup() {
  const fakes = createFakes()
  const machine = createClientMachine(fakes.clock)
  const group = new StateGroup(machine, {
    datastore: fakes.datastore,
    env: createClientEnvironment(fakes),
    codec: clientDealRecordCodec,
  })
  await group.start()
  return { fakes, machine, group }
}

describe('client event table through a state group', () => {
  it.each(CLIENT_STATES)(
    'refuses every event not allowed in %s and leaves the stored deal as it was',
    async (state) => {
      const { fakes, machine, group } = await plantedGroup()
      const deal = await makeDeal(state)
      const id = deal.ProposalCid.toString()
      const key = new Key(`/${id}`)
      const stored = clientDealRecordCodec.encode(deal)
      await fakes.datastore.put(key, stored)
      const refused = EVENT_TYPES.filter((event) => !machine.can(state, event))
      const final = (CLIENT_FINAL_STATES as readonly string[]).includes(state)
      for (const event of refused) {
        await expect(group.send(id, SAMPLE_EVENTS[event])).rejects.toThrow(
          final ? DealTerminatedError : InvalidTransitionError,
        )
      }
      expect(await fakes.datastore.get(key)).toEqual(stored)
      expect((await group.get(id)).State).toBe(state)
      await group.stop()
    },
  )

  it('persists deals in the go-fil-markets ClientDeal form and reads them back unchanged', async () => {
    const deal = await makeDeal('StorageDealTransferQueued', { FundsReserved: 123n, Message: 'queued' })
    expect(clientDealRecordCodec.decode(clientDealRecordCodec.encode(deal))).toEqual(deal)
  })
})
