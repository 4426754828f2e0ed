import { describe, expect, it } from 'vitest'
import {
  EventText,
  PROVIDER_ENTRY_FUNCTIONS,
  type ProviderState,
  providerFailureEvent,
  providerMachine,
} from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld } from '../fakes/provider-world.ts'
import { propose, startProvider, untilState } from './provider-harness.ts'

/** Where a throw in each state's entry function sends the deal. */
const AFTER_THROW: Record<string, ProviderState> = {
  StorageDealValidating: 'StorageDealRejecting',
  StorageDealAcceptWait: 'StorageDealRejecting',
  StorageDealActive: 'StorageDealError',
  StorageDealFinalizing: 'StorageDealActive',
  StorageDealFailing: 'StorageDealError',
}

describe('failure events of throwing entry functions', () => {
  for (const state of Object.keys(PROVIDER_ENTRY_FUNCTIONS) as ProviderState[]) {
    const expected = AFTER_THROW[state] ?? 'StorageDealFailing'
    it(`a throw in ${PROVIDER_ENTRY_FUNCTIONS[state]?.name} leads from ${state} to ${expected} with the error`, async () => {
      const deal = await (await createProviderWorld()).deal(state)
      const step = providerMachine.step('deal', deal, providerFailureEvent('Step: boom', state))
      expect(step.state).toBe(expected)
      expect(step.record.Message).toContain('Step: boom')
    })
  }

  it('turns an unexpected throw into the failure event and cleans the deal up', async () => {
    const world = await createProviderWorld()
    world.network.faults.fail('tagPeer', new Error('connection manager closed'))
    const { provider } = await startProvider(world)
    const { proposalCid, stream } = await propose(world, provider)
    const deal = await untilState(world, provider, proposalCid, 'StorageDealError')
    expect(deal.Message).toBe(wrap(EventText.dealRejected, 'ValidateDealProposal: connection manager closed'))
    expect(stream.responses[0]?.Response.State).toBe('StorageDealFailing')
    expect(world.staging.files.size).toBe(0)
  })
})
