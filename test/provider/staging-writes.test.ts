import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import type { TransferSink } from '../../src/adapters/data-transfer.ts'
import { AbortError } from '../../src/errors.ts'
import type { MinerDeal } from '../../src/market/index.ts'
import type { ProviderDealGroup } from '../../src/provider/deal-group.ts'
import type { ProviderEvent } from '../../src/provider/events.ts'
import { StagingWrites } from '../../src/provider/staging-writes.ts'

const DEAL = CID.parse('bafyreidaqvfqgdjb3borncmomafusbpwrb3dc6b7igi5sji6q5lbxsd4ti')
const ID = DEAL.toString()

/** A sink whose calls never answer and ignore their signal; it keeps the signals it was given. */
class HungSink implements TransferSink {
  readonly signals: (AbortSignal | undefined)[] = []
  calls = 0

  write(_chunk: Uint8Array, options?: { signal?: AbortSignal }): Promise<void> {
    return this.#hang(options)
  }

  close(options?: { signal?: AbortSignal }): Promise<void> {
    return this.#hang(options)
  }

  #hang(options?: { signal?: AbortSignal }): Promise<void> {
    this.calls++
    this.signals.push(options?.signal)
    return new Promise(() => undefined)
  }
}

const outcome = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  )

describe('staging writes', () => {
  it("abandons a hung write when the caller's signal aborts, and spends the sink", async () => {
    const writes = new StagingWrites(new AbortController().signal)
    const inner = new HungSink()
    const sink = writes.guard(ID, inner)
    const controller = new AbortController()
    const written = outcome(sink.write(new Uint8Array(4), { signal: controller.signal }))
    const reason = new AbortError('the channel gave up')
    controller.abort(reason)
    expect(await written).toBe(reason)
    // The staging store was given a signal, aborted with the same reason.
    expect(inner.signals[0]?.aborted).toBe(true)
    expect(inner.signals[0]?.reason).toBe(reason)
    // An abandoned write may have landed or not: no later call reaches the store.
    expect(await outcome(sink.write(new Uint8Array(4)))).toBe(reason)
    expect(await outcome(sink.close())).toBe(reason)
    expect(inner.calls).toBe(1)
    expect(writes.size).toBe(0)
  })

  it('abandons a hung close when the provider stops', async () => {
    const lifetime = new AbortController()
    const writes = new StagingWrites(lifetime.signal)
    const sink = writes.guard(ID, new HungSink())
    const closed = outcome(sink.close())
    lifetime.abort()
    const error = await closed
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).message).toContain('the provider stopped')
  })

  it('leaves an idle sink usable when the provider stops, for a transfer that resumes into it', async () => {
    const lifetime = new AbortController()
    const writes = new StagingWrites(lifetime.signal)
    const chunks: Uint8Array[] = []
    const idle = writes.guard(ID, {
      write: async (chunk) => {
        chunks.push(chunk)
      },
      close: async () => undefined,
    })
    await idle.write(Uint8Array.of(1))
    const other = CID.parse('bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku').toString()
    const hung = writes.guard(other, new HungSink())
    const pending = outcome(hung.write(Uint8Array.of(9)))
    lifetime.abort()
    expect(await pending).toBeInstanceOf(AbortError)
    await idle.write(Uint8Array.of(2))
    await idle.close()
    expect(chunks).toEqual([Uint8Array.of(1), Uint8Array.of(2)])
  })

  it('abandons the writes of an older sink when a newer push of the deal opens one', async () => {
    const writes = new StagingWrites(new AbortController().signal)
    const older = writes.guard(ID, new HungSink())
    const written = outcome(older.write(new Uint8Array(1)))
    writes.guard(ID, new HungSink())
    expect(await written).toBeInstanceOf(AbortError)
    expect(writes.size).toBe(1)
  })

  it('abandons a hung write once the deal leaves the states that take data', async () => {
    let listener: ((event: ProviderEvent, deal: MinerDeal) => void) | undefined
    const group = {
      subscribe: (l: typeof listener) => {
        listener = l
        return () => undefined
      },
    } as unknown as ProviderDealGroup
    const writes = new StagingWrites(new AbortController().signal)
    writes.follow(group)
    const sink = writes.guard(ID, new HungSink())
    const written = outcome(sink.write(new Uint8Array(1)))
    const deal = (State: string) => ({ ProposalCid: DEAL, State }) as unknown as MinerDeal
    listener?.(
      { type: 'ProviderEventDataTransferInitiated' } as ProviderEvent,
      deal('StorageDealTransferring'),
    )
    expect(writes.size).toBe(1)
    listener?.({ type: 'ProviderEventFailed' } as ProviderEvent, deal('StorageDealFailing'))
    const error = await written
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).message).toContain('StorageDealFailing')
    expect(writes.size).toBe(0)
  })

  it('passes answers through and forgets the sink once closed', async () => {
    const writes = new StagingWrites(new AbortController().signal)
    const chunks: Uint8Array[] = []
    const sink = writes.guard(ID, {
      write: async (chunk) => {
        chunks.push(chunk)
      },
      close: async () => undefined,
    })
    await sink.write(new Uint8Array([1, 2]))
    expect(writes.size).toBe(1)
    await sink.close()
    expect(chunks).toEqual([new Uint8Array([1, 2])])
    expect(writes.size).toBe(0)
  })
})
