import { describe, expect, it } from 'vitest'
import {
  AbortError,
  PayloadNotFoundError,
  PeerUnreachableError,
  TransferRefusedError,
} from '../../../src/errors.ts'
import { firstDifference, pseudoRandomBytes } from '../piece/bytes.ts'
import { CLIENT, cidOf, milestones, PROVIDER, RecordingSink, setup, types } from './fixtures.ts'

describe('MemoryClientTransfer.startPush', () => {
  it('moves the payload into the validated sink with the same events on both ends, in order', async () => {
    const { client, validator, clientEvents, providerEvents, clientLog, providerLog, root, voucher } =
      await setup({
        chunkBytes: 1000,
      })
    const payload = pseudoRandomBytes(3_500)
    client.register(root, payload)
    const channel = await client.startPush(PROVIDER, voucher, root)
    await Promise.all([clientLog.waitFor('completed'), providerLog.waitFor('completed')])
    expect(channel).toEqual({ initiator: CLIENT, responder: PROVIDER, id: 1n })
    expect(types(clientEvents)).toEqual([
      'accepted',
      'opened',
      'initiated',
      'progress',
      'progress',
      'progress',
      'progress',
      'completed',
    ])
    expect(types(providerEvents)).toEqual(types(clientEvents))
    expect(clientEvents.filter((e) => e.type === 'progress').map((e) => e.transferred)).toEqual([
      1000n,
      2000n,
      3000n,
      3500n,
    ])
    expect(clientEvents.every((event) => event.voucher === voucher && event.channel === channel)).toBe(true)
    expect(firstDifference(validator.sink.bytes, payload)).toBe(-1)
    expect(validator.sink.closed).toBe(true)
    expect(validator.seen).toEqual([{ from: CLIENT, voucher, root }])
  })

  it('reads payloads given as async chunks of any size', async () => {
    const { client, validator, clientEvents, clientLog, root, voucher } = await setup({ chunkBytes: 64 })
    const payload = pseudoRandomBytes(1_000, 3)
    client.register(root, {
      async *[Symbol.asyncIterator]() {
        for (let at = 0; at < payload.length; at += 77) yield payload.subarray(at, at + 77)
      },
    })
    await client.startPush(PROVIDER, voucher, root)
    await clientLog.waitFor('completed')
    expect(types(clientEvents).at(-1)).toBe('completed')
    expect(firstDifference(validator.sink.bytes, payload)).toBe(-1)
  })

  it('numbers channels per initiator', async () => {
    const { client, root, voucher } = await setup()
    client.register(root, new Uint8Array(10))
    const first = await client.startPush(PROVIDER, voucher, root)
    const second = await client.startPush(PROVIDER, voucher, root)
    expect([first.id, second.id]).toEqual([1n, 2n])
  })

  it('keeps transferring when a subscriber throws', async () => {
    const { client, validator, clientLog, root, voucher } = await setup()
    client.subscribe(() => {
      throw new Error('subscriber bug')
    })
    client.register(root, new Uint8Array(100))
    await client.startPush(PROVIDER, voucher, root)
    await clientLog.waitFor('completed')
    expect(validator.sink.closed).toBe(true)
  })
})

describe('MemoryClientTransfer.startPush refusals', () => {
  it('rejects with TransferRefusedError carrying the validator reason, and emits nothing', async () => {
    const { client, provider, clientEvents, providerEvents, root, voucher } = await setup()
    provider.setValidator({
      validatePush: async () => {
        throw new Error('deal not in WaitingForData')
      },
    })
    client.register(root, new Uint8Array(10))
    const refusal = client.startPush(PROVIDER, voucher, root)
    await expect(refusal).rejects.toBeInstanceOf(TransferRefusedError)
    await expect(refusal).rejects.toThrow('deal not in WaitingForData')
    expect([...clientEvents, ...providerEvents]).toEqual([])
  })

  it("passes the validator's own library error through unchanged", async () => {
    const { client, provider, root, voucher } = await setup()
    const reason = new TransferRefusedError('offline deal')
    provider.setValidator({ validatePush: async () => Promise.reject(reason) })
    client.register(root, new Uint8Array(10))
    await expect(client.startPush(PROVIDER, voucher, root)).rejects.toBe(reason)
  })

  it('rejects with AbortError when aborted while the provider validates, and opens no channel', async () => {
    const { hub, client, provider, root, voucher } = await setup()
    const controller = new AbortController()
    provider.setValidator({
      validatePush: async () => {
        controller.abort()
        return new RecordingSink()
      },
    })
    client.register(root, new Uint8Array(10))
    await expect(
      client.startPush(PROVIDER, voucher, root, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError)
    expect(hub.channels()).toEqual([])
  })

  it('refuses when the provider has no validator', async () => {
    const { hub, client, root, voucher } = await setup()
    hub.provider('bare-provider')
    client.register(root, new Uint8Array(10))
    await expect(client.startPush('bare-provider', voucher, root)).rejects.toBeInstanceOf(
      TransferRefusedError,
    )
  })

  it('rejects an unknown provider, an unregistered root and an aborted call with typed errors', async () => {
    const { client, root, voucher } = await setup()
    await expect(client.startPush(PROVIDER, voucher, root)).rejects.toBeInstanceOf(PayloadNotFoundError)
    client.register(root, new Uint8Array(10))
    await expect(client.startPush('nobody', voucher, root)).rejects.toBeInstanceOf(PeerUnreachableError)
    await expect(
      client.startPush(PROVIDER, voucher, root, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError)
    client.unregister(root)
    await expect(client.startPush(PROVIDER, voucher, await cidOf('other'))).rejects.toBeInstanceOf(
      PayloadNotFoundError,
    )
  })
})

describe('MemoryTransferHub failures', () => {
  it('fails on both ends with the sink error message when a write fails', async () => {
    const { client, validator, clientEvents, providerEvents, providerLog, root, voucher } = await setup({
      chunkBytes: 100,
    })
    validator.sink.failWriteAt = 250
    client.register(root, new Uint8Array(1000))
    await client.startPush(PROVIDER, voucher, root)
    await providerLog.waitFor('failed')
    expect(milestones(clientEvents)).toEqual(['accepted', 'opened', 'initiated', 'progress', 'failed'])
    expect(clientEvents.at(-1)).toMatchObject({ type: 'failed', message: 'disk full', transferred: 200n })
    expect(providerEvents.at(-1)).toEqual(clientEvents.at(-1))
  })

  it('fails when the sink cannot be closed', async () => {
    const { client, validator, clientEvents, clientLog, root, voucher } = await setup()
    validator.sink.failClose = true
    client.register(root, new Uint8Array(10))
    await client.startPush(PROVIDER, voucher, root)
    await clientLog.waitFor('failed')
    expect(clientEvents.at(-1)).toMatchObject({ type: 'failed', message: 'cannot finalize the staging file' })
  })

  it('fails when the payload source breaks', async () => {
    const { client, clientEvents, clientLog, root, voucher } = await setup()
    client.register(root, {
      async *[Symbol.asyncIterator]() {
        yield new Uint8Array(10)
        throw new Error('file vanished')
      },
    })
    await client.startPush(PROVIDER, voucher, root)
    await clientLog.waitFor('failed')
    expect(clientEvents.at(-1)).toMatchObject({
      type: 'failed',
      message: 'cannot read the payload: file vanished',
      transferred: 10n,
    })
  })
})
