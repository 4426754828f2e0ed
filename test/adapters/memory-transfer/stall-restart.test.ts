import { describe, expect, it } from 'vitest'
import type { TransferEvent } from '../../../src/adapters/data-transfer.ts'
import { AbortError, ChannelClosedError, ChannelNotFoundError } from '../../../src/errors.ts'
import { VirtualClock } from '../../../src/fsm/index.ts'
import { firstDifference, pseudoRandomBytes } from '../piece/bytes.ts'
import { cidOf, milestones, PROVIDER, setup } from './fixtures.ts'

const TICK = 1000

async function paced(bytesPerTick = 100) {
  const clock = new VirtualClock()
  const context = await setup({ pacing: { clock, bytesPerTick, tickMs: TICK } })
  const payload = pseudoRandomBytes(1_000, 17)
  context.client.register(context.root, payload)
  return { clock, payload, ...context }
}

function progress(events: readonly TransferEvent[]): bigint[] {
  return events.filter((event) => event.type === 'progress').map((event) => event.transferred)
}

describe('paced transfers', () => {
  it('move bytesPerTick bytes on each tick of the clock, and complete after the last', async () => {
    const { clock, hub, client, clientEvents, root, voucher } = await paced()
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(TICK - 1)
    expect(hub.channel(channel).transferred).toBe(0)
    await clock.advance(1)
    expect(hub.channel(channel).transferred).toBe(100)
    await clock.advance(2.5 * TICK)
    expect(hub.channel(channel).transferred).toBe(300)
    await clock.advance(7 * TICK)
    expect(progress(clientEvents)).toEqual([100n, 200n, 300n, 400n, 500n, 600n, 700n, 800n, 900n, 1000n])
    expect(hub.channel(channel).status).toBe('completed')
    expect(milestones(clientEvents)).toEqual(['accepted', 'opened', 'initiated', 'progress', 'completed'])
    expect(clock.pending).toBe(0)
  })
})

describe('stall and restart', () => {
  it('stall at the injected offset, then resume from it with no byte lost or repeated', async () => {
    const { clock, hub, client, validator, clientEvents, providerEvents, payload, root, voucher } =
      await paced()
    hub.injectFault({ kind: 'stall', afterBytes: 350 })
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(10 * TICK)
    expect(hub.channel(channel)).toMatchObject({ status: 'stalled', transferred: 350 })
    expect(clientEvents.at(-1)).toMatchObject({ type: 'stalled', transferred: 350n })
    expect(providerEvents.at(-1)).toEqual(clientEvents.at(-1))
    expect(clock.pending).toBe(0)

    await client.restart(channel)
    expect(clientEvents.at(-1)).toMatchObject({ type: 'restarted', transferred: 350n })
    expect(providerEvents.at(-1)?.type).toBe('restarted')
    await clock.advance(10 * TICK)
    expect(progress(clientEvents)).toEqual([
      100n,
      200n,
      300n,
      350n,
      450n,
      550n,
      650n,
      750n,
      850n,
      950n,
      1000n,
    ])
    expect(milestones(providerEvents)).toEqual([
      'accepted',
      'opened',
      'initiated',
      'progress',
      'stalled',
      'restarted',
      'progress',
      'completed',
    ])
    expect(firstDifference(validator.sink.bytes, payload)).toBe(-1)
  })

  it('keep the piece in flight when the link drops mid-tick, and deliver it after a provider restart', async () => {
    const { clock, hub, client, provider, validator, payload, root, voucher } = await paced(300)
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(TICK * 1.5)
    hub.stall(channel)
    await clock.advance(TICK * 5)
    expect(hub.channel(channel)).toMatchObject({ status: 'stalled', transferred: 300 })
    await provider.restart(channel)
    await clock.advance(TICK * 5)
    expect(hub.channel(channel).status).toBe('completed')
    expect(firstDifference(validator.sink.bytes, payload)).toBe(-1)
  })

  it('acknowledge a restart of a moving channel without disturbing it', async () => {
    const { clock, hub, client, validator, clientEvents, payload, root, voucher } = await paced()
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(2 * TICK)
    await client.restart(channel)
    expect(clientEvents.at(-1)?.type).toBe('restarted')
    await clock.advance(10 * TICK)
    expect(hub.channel(channel).status).toBe('completed')
    expect(firstDifference(validator.sink.bytes, payload)).toBe(-1)
  })

  it('repeat completed after a restart of a finished channel, so a restarted deal learns it', async () => {
    const { clock, client, clientEvents, root, voucher } = await paced()
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(10 * TICK)
    await client.restart(channel)
    expect(clientEvents.slice(-2).map((event) => event.type)).toEqual(['restarted', 'completed'])
    expect(clientEvents.at(-1)?.transferred).toBe(1000n)
  })

  it('reject restarts of unknown channels and aborted restarts', async () => {
    const { clock, hub, client, root, voucher } = await paced()
    await expect(client.restart({ initiator: 'x', responder: 'y', id: 9n })).rejects.toBeInstanceOf(
      ChannelNotFoundError,
    )
    hub.injectFault({ kind: 'stall', afterBytes: 0 })
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(TICK)
    expect(hub.channel(channel).status).toBe('stalled')
    await expect(client.restart(channel, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
  })
})

describe('injected failures and cancellation', () => {
  it('fail after N bytes with the given message on both ends; the channel cannot be restarted', async () => {
    const { clock, hub, client, validator, clientEvents, providerEvents, root, voucher } = await paced()
    hub.injectFault({ kind: 'fail', afterBytes: 250, message: 'link corrupted' })
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(10 * TICK)
    expect(clientEvents.at(-1)).toMatchObject({
      type: 'failed',
      message: 'link corrupted',
      transferred: 250n,
    })
    expect(providerEvents.at(-1)).toEqual(clientEvents.at(-1))
    expect(validator.sink.bytes.length).toBe(250)
    expect(validator.sink.closed).toBe(false)
    await expect(client.restart(channel)).rejects.toBeInstanceOf(ChannelClosedError)
  })

  it('cancel on demand: cancelled on both ends and no more bytes', async () => {
    const { clock, hub, client, validator, clientEvents, providerEvents, root, voucher } = await paced()
    const channel = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(3 * TICK)
    hub.cancel(channel)
    await clock.advance(10 * TICK)
    expect(validator.sink.bytes.length).toBe(300)
    expect(milestones(clientEvents).at(-1)).toBe('cancelled')
    expect(providerEvents.at(-1)).toMatchObject({ type: 'cancelled', transferred: 300n })
    await expect(client.restart(channel)).rejects.toBeInstanceOf(ChannelClosedError)
  })

  it('cancel after N bytes, only on the channel the fault matches', async () => {
    const { clock, hub, client, clientEvents, root, voucher } = await paced()
    const other = await cidOf('another payload')
    client.register(other, new Uint8Array(500))
    hub.injectFault({ kind: 'cancel', afterBytes: 200 }, { root })
    const unaffected = await client.startPush(PROVIDER, voucher, other)
    const cancelled = await client.startPush(PROVIDER, voucher, root)
    await clock.advance(10 * TICK)
    expect(hub.channel(unaffected).status).toBe('completed')
    expect(hub.channel(cancelled)).toMatchObject({ status: 'cancelled', transferred: 200 })
    expect(clientEvents.filter((event) => event.type === 'cancelled')).toHaveLength(1)
    expect(hub.channels()).toHaveLength(2)
  })
})
