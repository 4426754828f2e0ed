import { beforeEach, describe, expect, it } from 'vitest'
import { channelToRecord } from '../../src/adapters/record-ids.ts'
import { EventText } from '../../src/provider/index.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { replay, runEntry } from './harness.ts'

const HOUR = 3_600_000

describe('WaitForTransferRestart', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  const awaiting = async () => {
    const channel = world.dataTransfer.channel(world.clientPeer, world.providerPeer)
    const deal = await world.deal('StorageDealProviderTransferAwaitRestart', {
      TransferChannelId: channelToRecord(channel),
    })
    return { deal, channel }
  }

  it('no timeout fired', async () => {
    const { deal } = await awaiting()
    const run = await runEntry(world, deal, {
      during: async ({ abort }) => {
        await world.clock.advance(HOUR - 1)
        abort()
      },
    })
    expect(run.events).toEqual([])
    expect(run.deal.State).toBe('StorageDealProviderTransferAwaitRestart')
  })

  it('fires after state change', async () => {
    // The client resumed (the deal moved to Transferring), which aborts the wait: the timer is
    // gone and nothing fires, where the reference records the timeout in the new state.
    const { deal, channel } = await awaiting()
    const run = await runEntry(world, deal, {
      during: async ({ abort }) => {
        abort()
        await world.clock.advance(2 * HOUR)
      },
    })
    expect(run.events).toEqual([])
    expect(world.clock.pending).toBe(0)
    const resumed = replay(deal, [
      { type: 'ProviderEventDataTransferRestarted', channelId: channelToRecord(channel) },
    ])
    expect(resumed.State).toBe('StorageDealTransferring')
  })

  it('firsts without state change', async () => {
    const { deal } = await awaiting()
    const run = await runEntry(world, deal, { during: () => world.clock.advance(HOUR) })
    expect(run.types).toEqual(['ProviderEventAwaitTransferRestartTimeout'])
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(EventText.restartTimeout)
  })

  it('asks the client to resume the recorded channel, and still waits when that fails', async () => {
    const { deal, channel } = await awaiting()
    await runEntry(world, deal, { during: () => world.clock.advance(HOUR) })
    expect(world.dataTransfer.restarts).toEqual([channel])
    world.dataTransfer.faults.fail('restart', new Error('peer unreachable'))
    const run = await runEntry(world, deal, { during: () => world.clock.advance(HOUR) })
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(world.warnings.some((w) => w.includes('peer unreachable'))).toBe(true)
  })
})
