/**
 * The provider process's composition of the push end and the pull end: the validator and the
 * subscribers go to the push end only, restarts to whichever end runs the channel.
 */
import { describe, expect, it } from 'vitest'
import type {
  ChannelId,
  ProviderDataTransfer,
  TransferListener,
  TransferValidator,
} from '../../../src/adapters/data-transfer.ts'
import { ChannelClosedError, ChannelNotFoundError } from '../../../src/errors.ts'
import { ProviderTransfers } from '../../../src/standalone/provider-transfers.ts'

class FakeEnd implements ProviderDataTransfer {
  readonly validators: TransferValidator[] = []
  readonly listeners: TransferListener[] = []
  readonly restarts: ChannelId[] = []

  constructor(readonly restartError?: Error) {}

  setValidator(validator: TransferValidator): void {
    this.validators.push(validator)
  }

  async restart(channel: ChannelId): Promise<void> {
    this.restarts.push(channel)
    if (this.restartError !== undefined) throw this.restartError
  }

  subscribe(listener: TransferListener): () => void {
    this.listeners.push(listener)
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1)
  }
}

const channel: ChannelId = { initiator: 'client', responder: 'provider', id: 7n }

describe('ProviderTransfers', () => {
  it('gives the validator and subscribers to the push end only', () => {
    const push = new FakeEnd()
    const pull = new FakeEnd()
    const both = new ProviderTransfers(push, pull)
    const validator: TransferValidator = { validatePush: () => Promise.reject(new Error('no')) }
    both.setValidator(validator)
    const off = both.subscribe(() => undefined)
    expect(push.validators).toEqual([validator])
    expect(pull.validators).toEqual([])
    expect([push.listeners.length, pull.listeners.length]).toEqual([1, 0])
    off()
    expect(push.listeners).toEqual([])
  })

  it('restarts a pull the pull end runs, and a push when the pull end does not know the channel', async () => {
    const pullRuns = new FakeEnd()
    const push = new FakeEnd()
    await new ProviderTransfers(push, pullRuns).restart(channel)
    expect([pullRuns.restarts, push.restarts]).toEqual([[channel], []])
    const pullUnknown = new FakeEnd(new ChannelNotFoundError('client/7'))
    await new ProviderTransfers(push, pullUnknown).restart(channel)
    expect(push.restarts).toEqual([channel])
    const pullClosed = new FakeEnd(new ChannelClosedError('client/7', 'failed'))
    await expect(new ProviderTransfers(push, pullClosed).restart(channel)).rejects.toBeInstanceOf(
      ChannelClosedError,
    )
    expect(push.restarts).toEqual([channel])
  })
})
