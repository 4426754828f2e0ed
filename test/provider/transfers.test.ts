import { beforeEach, describe, expect, it } from 'vitest'
import { channelToRecord } from '../../src/adapters/record-ids.ts'
import { TransferRefusedError } from '../../src/errors.ts'
import { EventText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { messageCid } from '../fakes/provider-node.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import {
  type Proposed,
  propose,
  type RunningProvider,
  startProvider,
  untilState,
} from './provider-harness.ts'

describe('provider data transfer', () => {
  let world: ProviderWorld
  let running: RunningProvider
  let deal: Proposed
  beforeEach(async () => {
    world = await createProviderWorld()
    running = await startProvider(world)
    deal = await propose(world, running.provider)
    await untilState(world, running.provider, deal.proposalCid, 'StorageDealWaitingForData')
  })
  const state = async () => (await running.provider.getLocalDeal(deal.proposalCid)).State
  const message = async () => (await running.provider.getLocalDeal(deal.proposalCid)).Message

  it('accepts the client push of the deal payload into the deal staging area', async () => {
    await world.dataTransfer.push(deal.channel, deal.proposalCid, world.root, world.payload)
    const { InboundCAR } = await running.provider.getLocalDeal(deal.proposalCid)
    expect(world.staging.files.get(InboundCAR)?.bytes).toEqual(world.payload)
  })

  it('refuses pushes for unknown deals, other payloads, other peers, offline deals and late states', async () => {
    const { validator } = world.dataTransfer
    const push = (from: string, proposal = deal.proposalCid, root = world.root) =>
      validator?.validatePush(from, { proposal }, root)
    await expect(push(world.clientPeer, world.root)).rejects.toBeInstanceOf(TransferRefusedError)
    await expect(push(world.clientPeer, deal.proposalCid, await messageCid('other'))).rejects.toThrow(
      'payload',
    )
    await expect(push(world.providerPeer)).rejects.toThrow('not the client')
    const offline = await propose(world, running.provider, { Label: 'offline' }, 'manual')
    await untilState(world, running.provider, offline.proposalCid, 'StorageDealWaitingForData')
    await expect(push(world.clientPeer, offline.proposalCid)).rejects.toThrow('offline')
    world.dataTransfer.emit('cancelled', deal.channel, deal.proposalCid)
    await untilState(world, running.provider, deal.proposalCid, 'StorageDealError')
    await expect(push(world.clientPeer)).rejects.toThrow('does not accept data')
  })

  it('turns channel events into deal events', async () => {
    const { channel, proposalCid } = deal
    world.dataTransfer.emit('accepted', channel, proposalCid)
    world.dataTransfer.emit('progress', channel, proposalCid)
    world.dataTransfer.emit('opened', channel, proposalCid)
    await untilState(world, running.provider, proposalCid, 'StorageDealTransferring')
    expect((await running.provider.getLocalDeal(proposalCid)).TransferChannelId).toEqual(
      channelToRecord(channel),
    )
    world.dataTransfer.emit('stalled', channel, proposalCid)
    await world.clock.runDue()
    expect(await message()).toBe(EventText.transferStalled)
    world.dataTransfer.emit('restarted', channel, proposalCid)
    await world.clock.runDue()
    expect(await message()).toBe('')
    world.dataTransfer.emit('failed', channel, proposalCid, 'graphsync: peer went away')
    await untilState(world, running.provider, proposalCid, 'StorageDealError')
    expect(await message()).toBe(
      wrap(EventText.dataTransferFailed, wrap(EventText.transferReported, 'graphsync: peer went away')),
    )
    expect(await state()).toBe('StorageDealError')
  })

  it('logs channel events a deal cannot take, without affecting it', async () => {
    world.dataTransfer.emit('completed', deal.channel, deal.proposalCid)
    world.dataTransfer.emit('opened', deal.channel, world.root)
    await world.clock.runDue()
    expect(await state()).toBe('StorageDealWaitingForData')
    expect(world.warnings.filter((w) => w.includes('not applied'))).toHaveLength(2)
  })
})
