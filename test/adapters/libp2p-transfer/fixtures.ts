/**
 * Two libp2p nodes on 127.0.0.1 with the push transfer on both ends, a recording sink, and
 * payloads the tests can hold back.
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import type { TransferEvent, TransferSink, TransferValidator } from '../../../src/adapters/data-transfer.ts'
import { createMarketLibp2p, type MarketLibp2p } from '../../../src/adapters/libp2p/index.ts'
import {
  type Libp2pPushClientInit,
  Libp2pPushClientTransfer,
  Libp2pPushProviderTransfer,
  type PushPayload,
} from '../../../src/adapters/libp2p-transfer/index.ts'
import { AbortError } from '../../../src/errors.ts'

export const ROOT = CID.createV1(0x71, Digest.create(0x12, new Uint8Array(32).fill(9)))
export const PROPOSAL = CID.createV1(0x71, Digest.create(0x12, new Uint8Array(32).fill(3)))

/** Deterministic bytes. */
export function payloadBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff
  return bytes
}

/** A sink that keeps what it was given. */
export class RecordingSink implements TransferSink {
  readonly chunks: Uint8Array[] = []
  closed = false

  async write(chunk: Uint8Array): Promise<void> {
    this.chunks.push(Uint8Array.from(chunk))
  }

  async close(): Promise<void> {
    this.closed = true
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks.flatMap((chunk) => [...chunk]))
  }
}

/** Accepts every push into one sink per push. */
export class AcceptAll implements TransferValidator {
  readonly sinks: RecordingSink[] = []

  async validatePush(): Promise<TransferSink> {
    const sink = new RecordingSink()
    this.sinks.push(sink)
    return sink
  }
}

/**
 * `bytes` as a payload whose first opening sends the bytes before `holdAt`, then waits for
 * `release()` (or the opening's abort); later openings never wait.
 */
export function heldPayload(bytes: Uint8Array, holdAt: number) {
  let release: () => void = () => undefined
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let openings = 0
  const payload: PushPayload = {
    size: BigInt(bytes.length),
    async *open(offset, signal) {
      openings += 1
      const start = Number(offset)
      if (openings === 1 && start < holdAt) {
        yield bytes.subarray(start, holdAt)
        await new Promise<void>((resolve, reject) => {
          released.then(resolve)
          signal.addEventListener('abort', () => reject(new AbortError('payload reading aborted')), {
            once: true,
          })
        })
        yield bytes.subarray(holdAt)
        return
      }
      yield bytes.subarray(start)
    },
  }
  return { payload, release: () => release(), openings: () => openings }
}

/** Records every event of a transfer end and waits for particular ones. */
export class EventLog {
  readonly events: TransferEvent[] = []
  readonly #waiters: { test: (event: TransferEvent) => boolean; resolve: (event: TransferEvent) => void }[] =
    []

  constructor(subscribe: (listener: (event: TransferEvent) => void) => () => void) {
    subscribe((event) => {
      this.events.push(event)
      for (const waiter of [...this.#waiters]) {
        if (waiter.test(event)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
          waiter.resolve(event)
        }
      }
    })
  }

  types(): string[] {
    return this.events.map((event) => event.type).filter((type) => type !== 'progress')
  }

  /** The first event (past or future) matching `test`. */
  next(test: (event: TransferEvent) => boolean): Promise<TransferEvent> {
    const seen = this.events.find(test)
    if (seen !== undefined) return Promise.resolve(seen)
    return new Promise((resolve) => this.#waiters.push({ test, resolve }))
  }

  type(type: string): Promise<TransferEvent> {
    return this.next((event) => event.type === type)
  }
}

/** Both ends of a push, on two fresh nodes, connected. */
export interface Pair {
  readonly clientNode: MarketLibp2p
  readonly providerNode: MarketLibp2p
  readonly client: Libp2pPushClientTransfer
  readonly provider: Libp2pPushProviderTransfer
  readonly clientLog: EventLog
  readonly providerLog: EventLog
  readonly providerId: string
  close(): Promise<void>
}

/** Starts two nodes, the push transfer on each, and connects them. */
export async function pair(
  payloads: Map<string, PushPayload>,
  options: { client?: Partial<Libp2pPushClientInit>; providerStallMs?: number } = {},
): Promise<Pair> {
  const clientNode = await createMarketLibp2p()
  const providerNode = await createMarketLibp2p()
  const client = new Libp2pPushClientTransfer({
    node: clientNode,
    payload: async (root) => payloads.get(root.toString()),
    chunkBytes: 16 * 1024,
    autoRestart: { attempts: 0, delayMs: 0 },
    ...options.client,
  })
  const provider = new Libp2pPushProviderTransfer({
    node: providerNode,
    ...(options.providerStallMs === undefined ? {} : { stallTimeoutMs: options.providerStallMs }),
  })
  await provider.start()
  const address = providerNode.getMultiaddrs()[0]
  if (address === undefined) throw new Error('the provider node has no address')
  await clientNode.dial(address)
  return {
    clientNode,
    providerNode,
    client,
    provider,
    clientLog: new EventLog((listener) => client.subscribe(listener)),
    providerLog: new EventLog((listener) => provider.subscribe(listener)),
    providerId: providerNode.peerId.toString(),
    async close() {
      await client.close()
      await provider.stop()
      await clientNode.stop()
      await providerNode.stop()
    },
  }
}
