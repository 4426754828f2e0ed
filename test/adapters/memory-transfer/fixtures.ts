import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type {
  StorageDataTransferVoucher,
  TransferEvent,
  TransferSink,
  TransferValidator,
} from '../../../src/adapters/data-transfer.ts'
import { MemoryTransferHub, type MemoryTransferInit } from '../../../src/adapters/memory-transfer/index.ts'
import { concat } from '../piece/bytes.ts'

export const CLIENT = 'client-peer'
export const PROVIDER = 'provider-peer'

/** A sink that keeps what it receives and can be told to fail. */
export class RecordingSink implements TransferSink {
  readonly chunks: Uint8Array[] = []
  closed = false
  failWriteAt: number | undefined
  failClose = false

  get bytes(): Uint8Array {
    return concat(this.chunks)
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failWriteAt !== undefined && this.bytes.length + chunk.length > this.failWriteAt) {
      throw new Error('disk full')
    }
    this.chunks.push(chunk)
  }

  async close(): Promise<void> {
    if (this.failClose) throw new Error('cannot finalize the staging file')
    this.closed = true
  }
}

/** A validator that accepts every push into one recording sink, and remembers what it saw. */
export class AcceptingValidator implements TransferValidator {
  readonly sink = new RecordingSink()
  readonly seen: { from: string; voucher: StorageDataTransferVoucher; root: CID }[] = []

  async validatePush(from: string, voucher: StorageDataTransferVoucher, root: CID): Promise<TransferSink> {
    this.seen.push({ from, voucher, root })
    return this.sink
  }
}

/** A raw CID for test payloads and proposals. */
export async function cidOf(text: string): Promise<CID> {
  return CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(text)))
}

/** The events one end saw, with a way to wait for the next of a given type. */
export class EventLog {
  readonly events: TransferEvent[] = []
  readonly #waiters: {
    type: TransferEvent['type']
    count: number
    resolve: (event: TransferEvent) => void
  }[] = []

  record(event: TransferEvent): void {
    this.events.push(event)
    for (const waiter of [...this.#waiters]) {
      if (this.#count(waiter.type) >= waiter.count) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
        waiter.resolve(event)
      }
    }
  }

  /** Resolves once `count` events of `type` have been seen in total (at once if they already were). */
  waitFor(type: TransferEvent['type'], count = 1): Promise<TransferEvent> {
    const seen = this.events.filter((event) => event.type === type)
    if (seen.length >= count) return Promise.resolve(seen[count - 1] as TransferEvent)
    return new Promise((resolve) => this.#waiters.push({ type, count, resolve }))
  }

  #count(type: TransferEvent['type']): number {
    return this.events.filter((event) => event.type === type).length
  }
}

/** A hub with one client and one accepting provider, and the events each end saw. */
export async function setup(init: MemoryTransferInit = {}) {
  const hub = new MemoryTransferHub(init)
  const client = hub.client(CLIENT)
  const provider = hub.provider(PROVIDER)
  const validator = new AcceptingValidator()
  provider.setValidator(validator)
  const clientLog = new EventLog()
  const providerLog = new EventLog()
  client.subscribe((event) => clientLog.record(event))
  provider.subscribe((event) => providerLog.record(event))
  const root = await cidOf('payload root')
  const voucher = { proposal: await cidOf('proposal') }
  return {
    hub,
    client,
    provider,
    validator,
    clientLog,
    providerLog,
    clientEvents: clientLog.events,
    providerEvents: providerLog.events,
    root,
    voucher,
  }
}

/** The event types, in order. */
export function types(events: readonly TransferEvent[]): string[] {
  return events.map((event) => event.type)
}

/** The event types with repeated `progress` collapsed, to compare sequences independent of chunking. */
export function milestones(events: readonly TransferEvent[]): string[] {
  return types(events).filter((type, i, all) => type !== 'progress' || all[i - 1] !== 'progress')
}
