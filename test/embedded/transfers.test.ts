/**
 * The embedded transfers: channel ids that outlive the hub, re-pushing a channel an earlier
 * process opened, and client-side resumption of stalls.
 */
import { MemoryDatastore } from 'datastore-core'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import type { TransferEvent, TransferSink } from '../../src/adapters/data-transfer.ts'
import { MemoryTransferHub } from '../../src/adapters/memory-transfer/index.ts'
import { EmbeddedTransfers } from '../../src/embedded/transfers.ts'
import { ChannelNotFoundError } from '../../src/errors.ts'
import { VirtualClock } from '../../src/fsm/index.ts'

const CLIENT = 'client-peer'
const PROVIDER = 'provider-peer'

async function cid(text: string): Promise<CID> {
  return CID.createV1(0x55, await sha256.digest(new TextEncoder().encode(text)))
}

interface Setup {
  readonly transfers: EmbeddedTransfers
  readonly hub: MemoryTransferHub
  readonly clientEvents: TransferEvent[]
  readonly providerEvents: TransferEvent[]
  readonly received: number[]
}

/** Transfers over a fresh hub (a new process) on `datastore`, with `payload` served under `root`. */
async function open(
  datastore: MemoryDatastore,
  root: CID,
  payload: Uint8Array,
  options: { clock?: VirtualClock; attempts?: number; bytesPerTick?: number } = {},
): Promise<Setup> {
  const clock = options.clock ?? new VirtualClock()
  const hub = new MemoryTransferHub(
    options.bytesPerTick === undefined ? {} : { pacing: { clock, bytesPerTick: options.bytesPerTick } },
  )
  const errors: Error[] = []
  const transfers = await EmbeddedTransfers.open({
    hub,
    clientPeer: CLIENT,
    providerPeer: PROVIDER,
    datastore,
    stallRestart:
      options.attempts === undefined ? undefined : { clock, attempts: options.attempts, intervalMs: 500 },
    onError: (error) => errors.push(error),
  })
  hub.client(CLIENT).register(root, payload)
  const received: number[] = []
  transfers.provider.setValidator({
    validatePush: async (): Promise<TransferSink> => {
      received.length = 0
      return { write: async (chunk) => void received.push(...chunk), close: async () => undefined }
    },
  })
  const clientEvents: TransferEvent[] = []
  const providerEvents: TransferEvent[] = []
  transfers.client.subscribe((event) => clientEvents.push(event))
  transfers.provider.subscribe((event) => providerEvents.push(event))
  return { transfers, hub, clientEvents, providerEvents, received }
}

const types = (events: readonly TransferEvent[]) =>
  events.map((event) => event.type).filter((t) => t !== 'progress')

describe('EmbeddedTransfers', () => {
  it('hands out its own channel ids, in sequence, and keeps counting after a restart', async () => {
    const datastore = new MemoryDatastore()
    const root = await cid('payload')
    const proposal = await cid('proposal')
    const first = await open(datastore, root, Uint8Array.of(1, 2, 3))
    const a = await first.transfers.client.startPush(PROVIDER, { proposal }, root)
    const b = await first.transfers.client.startPush(PROVIDER, { proposal }, root)
    expect([a.id, b.id]).toEqual([1n, 2n])
    expect(first.clientEvents.every((event) => event.channel.id === 1n || event.channel.id === 2n)).toBe(true)
    first.transfers.close()
    await new Promise((resolve) => setImmediate(resolve))

    const second = await open(datastore, root, Uint8Array.of(1, 2, 3))
    const c = await second.transfers.client.startPush(PROVIDER, { proposal }, root)
    expect(c.id).toBe(3n)
    // The new hub numbers its own channels from 1 again; the deals never see those numbers.
    expect(second.hub.channels()[0]?.id.id).toBe(1n)
  })

  it('restarts a channel an earlier process opened by pushing again, reported as a restart', async () => {
    const datastore = new MemoryDatastore()
    const root = await cid('payload')
    const proposal = await cid('proposal')
    const clock = new VirtualClock()
    const first = await open(datastore, root, Uint8Array.of(1, 2, 3, 4), { clock, bytesPerTick: 2 })
    const channel = await first.transfers.client.startPush(PROVIDER, { proposal }, root)
    await clock.advance(1000)
    expect(first.received).toEqual([1, 2])
    first.transfers.close()
    await new Promise((resolve) => setImmediate(resolve))

    const second = await open(datastore, root, Uint8Array.of(1, 2, 3, 4))
    await second.transfers.provider.restart(channel)
    await second.transfers.client.restart(channel)
    await new Promise((resolve) => setImmediate(resolve))
    expect(second.received).toEqual([1, 2, 3, 4])
    expect(second.hub.channels()).toHaveLength(1)
    for (const events of [second.clientEvents, second.providerEvents]) {
      expect(events.every((event) => event.channel.id === channel.id)).toBe(true)
      // The second restart finds the new push still moving: it is only acknowledged.
      expect(types(events)).toEqual([
        'accepted',
        'opened',
        'initiated',
        'restarted',
        'restarted',
        'completed',
      ])
    }
  })

  it('refuses to restart a channel nobody recorded', async () => {
    const setup = await open(new MemoryDatastore(), await cid('payload'), Uint8Array.of(1))
    const unknown = { initiator: CLIENT, responder: PROVIDER, id: 42n }
    await expect(setup.transfers.client.restart(unknown)).rejects.toBeInstanceOf(ChannelNotFoundError)
  })

  it('resumes a stalled push before the client hears of it, and tells it once attempts run out', async () => {
    const root = await cid('payload')
    const proposal = await cid('proposal')
    const clock = new VirtualClock()
    const setup = await open(new MemoryDatastore(), root, new Uint8Array(10).fill(7), {
      clock,
      attempts: 1,
      bytesPerTick: 2,
    })
    setup.hub.injectFault({ kind: 'stall', afterBytes: 2 })
    setup.hub.injectFault({ kind: 'stall', afterBytes: 4 })
    await setup.transfers.client.startPush(PROVIDER, { proposal }, root)
    await clock.advance(1000)
    expect(types(setup.providerEvents).at(-1)).toBe('stalled')
    expect(types(setup.clientEvents)).not.toContain('stalled')
    await clock.advance(500)
    expect(types(setup.clientEvents).at(-1)).toBe('restarted')
    // The stall at 4 bytes follows progress, so it gets an attempt of its own.
    await clock.advance(1000)
    expect(types(setup.providerEvents).at(-1)).toBe('stalled')
    await clock.advance(500)
    expect(types(setup.clientEvents)).toEqual(['accepted', 'opened', 'initiated', 'restarted', 'restarted'])
    // A stall right after that resume, before any byte moved, finds no attempt left.
    const [channel] = setup.hub.channels()
    if (channel === undefined) throw new Error('no channel')
    setup.hub.stall(channel.id)
    expect(types(setup.clientEvents).at(-1)).toBe('stalled')
    expect(setup.received).toEqual([7, 7, 7, 7])
  })
})
