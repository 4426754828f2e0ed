/**
 * The push transfer between two real libp2p nodes on 127.0.0.1: a full push, a refusal, a push
 * sending more than it declared, aborts and cancellation, restarts after a broken stream and
 * after a stall.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { TransferValidator } from '../../../src/adapters/data-transfer.ts'
import { bytesPayload, type PushPayload } from '../../../src/adapters/libp2p-transfer/index.ts'
import {
  AbortError,
  ChannelClosedError,
  PushSizeExceededError,
  TransferRefusedError,
} from '../../../src/errors.ts'
import { AcceptAll, heldPayload, type Pair, PROPOSAL, pair, payloadBytes, ROOT } from './fixtures.ts'

let open: Pair | undefined

afterEach(async () => {
  await open?.close()
  open = undefined
})

async function start(payload: PushPayload, options: Parameters<typeof pair>[1] = {}): Promise<Pair> {
  open = await pair(new Map([[ROOT.toString(), payload]]), options)
  return open
}

const voucher = { proposal: PROPOSAL }

describe('push transfer over libp2p', () => {
  it('pushes a whole payload: every byte once, the events of both ends in order', async () => {
    const bytes = payloadBytes(200_000)
    const p = await start(bytesPayload(bytes))
    const validator = new AcceptAll()
    p.provider.setValidator(validator)
    const channel = await p.client.startPush(p.providerId, voucher, ROOT)
    expect(channel.responder).toBe(p.providerId)
    expect(channel.initiator).toBe(p.clientNode.peerId.toString())
    const done = await p.clientLog.type('completed')
    await p.providerLog.type('completed')
    expect(done.transferred).toBe(200_000n)
    expect(p.clientLog.types()).toEqual(['accepted', 'opened', 'initiated', 'completed'])
    expect(p.providerLog.types()).toEqual(['accepted', 'opened', 'initiated', 'completed'])
    const sink = validator.sinks[0]
    expect(validator.sinks).toHaveLength(1)
    expect(sink?.closed).toBe(true)
    expect(sink?.bytes()).toEqual(bytes)
    const progress = p.providerLog.events
      .filter((event) => event.type === 'progress')
      .map((event) => event.transferred)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(200_000n)
    expect(p.providerLog.events.every((event) => event.voucher.proposal.equals(PROPOSAL))).toBe(true)
  })

  it('a refused push rejects with the validator reason and emits nothing', async () => {
    const p = await start(bytesPayload(payloadBytes(100)))
    const refusing: TransferValidator = {
      validatePush: () => Promise.reject(new TransferRefusedError('deal 42 is an offline deal')),
    }
    p.provider.setValidator(refusing)
    const push = p.client.startPush(p.providerId, voucher, ROOT)
    await expect(push).rejects.toBeInstanceOf(TransferRefusedError)
    await expect(push).rejects.toThrow(/offline deal/)
    expect(p.clientLog.events).toEqual([])
    expect(p.providerLog.events).toEqual([])
  })

  it('refuses bytes past the declared size: nothing past it is written, both ends fail', async () => {
    const lying: PushPayload = {
      size: 10n,
      async *open() {
        yield payloadBytes(8)
        yield payloadBytes(20)
      },
    }
    const p = await start(lying)
    const validator = new AcceptAll()
    p.provider.setValidator(validator)
    await p.client.startPush(p.providerId, voucher, ROOT)
    const failed = await p.providerLog.type('failed')
    expect(failed.message).toBe(new PushSizeExceededError(10n, 28n).message)
    const clientFailed = await p.clientLog.type('failed')
    expect(clientFailed.message).toBe(failed.message)
    expect(validator.sinks[0]?.bytes().length).toBe(8)
    expect(validator.sinks[0]?.closed).toBe(false)
    await expect(p.client.restart(clientFailed.channel)).rejects.toBeInstanceOf(ChannelClosedError)
  })

  it('an aborted start opens nothing; a cancel mid-transfer reaches both ends', async () => {
    const bytes = payloadBytes(100_000)
    const held = heldPayload(bytes, 40_000)
    const p = await start(held.payload)
    p.provider.setValidator(new AcceptAll())
    const aborted = new AbortController()
    aborted.abort()
    await expect(
      p.client.startPush(p.providerId, voucher, ROOT, { signal: aborted.signal }),
    ).rejects.toBeInstanceOf(AbortError)
    expect(p.providerLog.events).toEqual([])
    const channel = await p.client.startPush(p.providerId, voucher, ROOT)
    await p.providerLog.next((event) => event.type === 'progress' && event.transferred === 40_000n)
    await p.client.cancel(channel, 'the user gave up')
    const cancelled = await p.providerLog.type('cancelled')
    expect(cancelled.message).toBe('the user gave up')
    expect(p.clientLog.types().at(-1)).toBe('cancelled')
    await expect(p.client.restart(channel)).rejects.toBeInstanceOf(ChannelClosedError)
  })

  it('a restart after a broken connection resumes from the bytes the provider holds', async () => {
    const bytes = payloadBytes(100_000)
    const held = heldPayload(bytes, 40_000)
    const p = await start(held.payload)
    const validator = new AcceptAll()
    p.provider.setValidator(validator)
    const channel = await p.client.startPush(p.providerId, voucher, ROOT)
    await p.providerLog.next((event) => event.type === 'progress' && event.transferred === 40_000n)
    await p.clientNode.hangUp(p.providerNode.peerId)
    await p.clientLog.type('stalled')
    await p.providerLog.type('stalled')
    await p.client.restart(channel)
    await p.clientLog.type('completed')
    await p.providerLog.type('completed')
    expect(p.providerLog.types()).toEqual([
      'accepted',
      'opened',
      'initiated',
      'stalled',
      'restarted',
      'completed',
    ])
    expect(p.clientLog.types()).toEqual([
      'accepted',
      'opened',
      'initiated',
      'stalled',
      'restarted',
      'completed',
    ])
    expect(validator.sinks).toHaveLength(1)
    expect(validator.sinks[0]?.bytes()).toEqual(bytes)
    expect(held.openings()).toBe(2)
    // A completed channel answers a restart with `completed` again.
    await p.client.restart(channel)
    expect(p.clientLog.types().slice(-2)).toEqual(['restarted', 'completed'])
  })

  it('a silent client stalls the channel after the timeout; the client restarts it by itself', async () => {
    const bytes = payloadBytes(60_000)
    const held = heldPayload(bytes, 20_000)
    const p = await start(held.payload, {
      providerStallMs: 150,
      client: { autoRestart: { attempts: 2, delayMs: 10 } },
    })
    const validator = new AcceptAll()
    p.provider.setValidator(validator)
    await p.client.startPush(p.providerId, voucher, ROOT)
    const stalled = await p.providerLog.type('stalled')
    expect(stalled.message).toMatch(/moved no byte for 150 ms/)
    await p.clientLog.type('stalled')
    await p.providerLog.type('completed')
    await p.clientLog.type('completed')
    expect(validator.sinks[0]?.bytes()).toEqual(bytes)
    expect(p.providerLog.types()).toEqual([
      'accepted',
      'opened',
      'initiated',
      'stalled',
      'restarted',
      'completed',
    ])
  })
})
