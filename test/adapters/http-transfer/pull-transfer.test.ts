import type { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import type { TransferEvent, TransferValidator } from '../../../src/adapters/data-transfer.ts'
import type { HttpCarServer } from '../../../src/adapters/http-transfer/car-server.ts'
import { HttpPullProviderTransfer } from '../../../src/adapters/http-transfer/pull-transfer.ts'
import { MemoryStagingStore } from '../../../src/adapters/memory-staging/memory-staging.ts'
import { TransferRefusedError } from '../../../src/errors.ts'
import { VirtualClock } from '../../../src/fsm/virtual-clock.ts'
import { decodeHttpRequest } from '../../../src/market/mk12/http-request.ts'
import { transferEventToProviderEvent } from '../../../src/provider/transfers.ts'
import { concat, firstDifference, pseudoRandomBytes } from '../piece/bytes.ts'
import { sampleCar, scriptedServer, serveRange, startCarServer, until } from './fixtures.ts'

const PROVIDER = 'provider-peer'
const CLIENT = 'client-peer'
const STALL_MS = 1_000

const cleanups: (() => Promise<void>)[] = []
let server: HttpCarServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function readAll(staging: MemoryStagingStore, path: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const chunk of staging.read(path)) parts.push(chunk)
  return concat(parts)
}

function setup() {
  const clock = new VirtualClock()
  const staging = new MemoryStagingStore()
  const transfer = new HttpPullProviderTransfer({
    peerId: PROVIDER,
    clock,
    stallTimeoutMs: STALL_MS,
    progressEveryBytes: 500,
    retry: { minMs: 60_000, maxMs: 60_000, jitter: false },
  })
  cleanups.push(() => transfer.close())
  const events: TransferEvent[] = []
  transfer.subscribe((event) => events.push(event))
  const paths = new Map<string, string>()
  const seen: { from: string; root: CID }[] = []
  const validator: TransferValidator = {
    async validatePush(from, voucher, root) {
      seen.push({ from, root })
      const path = await staging.create(voucher.proposal.toString(), 1n << 20n)
      paths.set(voucher.proposal.toString(), path)
      return staging.openWriter(path)
    },
  }
  transfer.setValidator(validator)
  const types = () => events.map((event) => event.type)
  const milestones = () => types().filter((type, i, all) => type !== 'progress' || all[i - 1] !== 'progress')
  const dealEvents = () => events.flatMap((event) => transferEventToProviderEvent(event)?.type ?? [])
  return { clock, staging, transfer, events, types, milestones, dealEvents, paths, seen }
}

describe('HttpPullProviderTransfer', () => {
  it('pulls a registered CAR into the validator sink and reports the data-transfer events the provider machine reads', async () => {
    server = await startCarServer()
    const { root, car, pieceCid, pieceSize } = await sampleCar()
    const registration = await server.register(root, car)
    const { staging, transfer, events, milestones, dealEvents, paths, seen } = setup()
    const voucher = { proposal: root }
    const request = decodeHttpRequest(registration.transfer.Params)
    const channel = await transfer.pull({
      from: CLIENT,
      voucher,
      root,
      request,
      size: BigInt(registration.transfer.Size),
      piece: { pieceCid, pieceSize },
    })
    expect(channel).toEqual({ initiator: PROVIDER, responder: CLIENT, id: 1n })
    expect(seen).toEqual([{ from: CLIENT, root }])
    await until(() => expect(events.at(-1)?.type).toBe('completed'))
    expect(milestones()).toEqual(['accepted', 'opened', 'initiated', 'progress', 'completed'])
    expect(events.at(-1)).toMatchObject({ channel, voucher, transferred: BigInt(car.length) })
    expect(dealEvents()).toEqual(['ProviderEventDataTransferInitiated', 'ProviderEventDataTransferCompleted'])
    const path = paths.get(root.toString()) as string
    expect(firstDifference(await readAll(staging, path), car)).toBe(-1)
  })

  it('reports a stall, and resumes at once when the provider machine asks for a restart', async () => {
    const car = pseudoRandomBytes(6_000, 31)
    let gets = 0
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'GET' && gets++ === 0) {
        response.writeHead(206, { 'Content-Length': '6000', 'Content-Range': 'bytes 0-5999/6000' })
        response.write(car.subarray(0, 2_500))
      } else serveRange(request, response, car)
    })
    cleanups.push(scripted.close)
    const { clock, staging, transfer, events, milestones, dealEvents, paths } = setup()
    const { root } = await sampleCar(10)
    const channel = await transfer.pull({
      from: CLIENT,
      voucher: { proposal: root },
      root,
      request: { URL: scripted.url, Headers: null },
      size: 6_000n,
    })
    await until(() => expect(events.at(-1)?.transferred).toBe(2_500n))
    await clock.advance(STALL_MS)
    await until(() => expect(events.at(-1)?.type).toBe('stalled'))
    expect(events.at(-1)?.message).toBe(`no data received for ${STALL_MS} ms`)
    // The backoff (one virtual minute) is not waited for: restart retries now.
    await transfer.restart(channel)
    await until(() => expect(events.at(-1)?.type).toBe('completed'))
    expect(milestones()).toEqual([
      'accepted',
      'opened',
      'initiated',
      'progress',
      'stalled',
      'restarted',
      'progress',
      'completed',
    ])
    expect(dealEvents()).toEqual([
      'ProviderEventDataTransferInitiated',
      'ProviderEventDataTransferStalled',
      'ProviderEventDataTransferRestarted',
      'ProviderEventDataTransferCompleted',
    ])
    expect(scripted.seen.filter((request) => request.method === 'GET').at(-1)?.range).toBe('bytes=2500-5999')
    expect(firstDifference(await readAll(staging, paths.get(root.toString()) as string), car)).toBe(-1)
    await expect(transfer.restart(channel)).rejects.toMatchObject({ code: 'ERR_CHANNEL_CLOSED' })
  })

  it('fails the channel on a piece CID mismatch, with the reason as the message', async () => {
    server = await startCarServer()
    const served = await sampleCar(20_000, 1)
    const proposed = await sampleCar(20_000, 2)
    const registration = await server.register(served.root, served.car)
    const { transfer, events, dealEvents } = setup()
    await transfer.pull({
      from: CLIENT,
      voucher: { proposal: proposed.root },
      root: proposed.root,
      request: registration.request,
      size: registration.size,
      piece: { pieceCid: proposed.pieceCid, pieceSize: proposed.pieceSize },
    })
    await until(() => expect(events.at(-1)?.type).toBe('failed'))
    expect(events.at(-1)?.message).toContain(`differs from the proposal's ${proposed.pieceCid}`)
    expect(dealEvents().at(-1)).toBe('ProviderEventDataTransferFailed')
  })

  it('refuses a pull the validator refuses or whose URL is private, with no event', async () => {
    const { transfer, events, seen } = setup()
    const { root } = await sampleCar(10)
    const voucher = { proposal: root }
    await expect(
      transfer.pull({
        from: CLIENT,
        voucher,
        root,
        request: { URL: 'http://192.168.0.9/x', Headers: null },
        size: 1n,
      }),
    ).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_URL_REFUSED' })
    expect(seen).toEqual([])
    transfer.setValidator({
      validatePush: async () => {
        throw new Error('not your deal')
      },
    })
    const refused = transfer.pull({
      from: CLIENT,
      voucher,
      root,
      request: { URL: 'http://127.0.0.1:9/x', Headers: null },
      size: 1n,
    })
    await expect(refused).rejects.toBeInstanceOf(TransferRefusedError)
    await expect(refused).rejects.toThrow('not your deal')
    expect(events).toEqual([])
    await expect(transfer.restart({ initiator: PROVIDER, responder: CLIENT, id: 99n })).rejects.toMatchObject(
      {
        code: 'ERR_CHANNEL_NOT_FOUND',
      },
    )
  })

  it('keeps one pull per deal: asking again while it waits to retry returns its channel, and it resumes after the backoff', async () => {
    const car = pseudoRandomBytes(5_000, 32)
    let gets = 0
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'GET' && gets++ === 0) {
        response.writeHead(206, { 'Content-Length': '5000', 'Content-Range': 'bytes 0-4999/5000' })
        response.end(car.subarray(0, 1_500))
        response.socket?.destroy()
      } else serveRange(request, response, car)
    })
    cleanups.push(scripted.close)
    const { clock, staging, transfer, events, dealEvents, paths, seen } = setup()
    const { root } = await sampleCar(10)
    const spec = {
      from: CLIENT,
      voucher: { proposal: root },
      root,
      request: { URL: scripted.url, Headers: null },
      size: 5_000n,
    }
    const channel = await transfer.pull(spec)
    await until(() => expect(events.at(-1)?.type).toBe('stalled'))
    // What WaitForTransferRestart does on entering ProviderTransferAwaitRestart.
    await expect(transfer.pull(spec)).resolves.toEqual(channel)
    expect(seen).toHaveLength(1)
    expect(events.at(-1)?.type).toBe('stalled')
    await clock.advance(60_000)
    await until(() => expect(events.at(-1)?.type).toBe('completed'))
    expect(dealEvents()).toEqual([
      'ProviderEventDataTransferInitiated',
      'ProviderEventDataTransferStalled',
      'ProviderEventDataTransferRestarted',
      'ProviderEventDataTransferCompleted',
    ])
    expect(firstDifference(await readAll(staging, paths.get(root.toString()) as string), car)).toBe(-1)
    // A finished pull does not hold the deal: a new request starts a new pull.
    const again = await transfer.pull(spec)
    expect(again.id).toBe(channel.id + 1n)
  })

  it('cancels a pull: a cancelled event, mapped to ProviderEventDataTransferCancelled', async () => {
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'HEAD') response.writeHead(200, { 'Content-Length': '1000' }).end()
      else response.writeHead(206, { 'Content-Range': 'bytes 0-999/1000' }).write(new Uint8Array(10))
    })
    cleanups.push(scripted.close)
    const { transfer, events, dealEvents } = setup()
    const { root } = await sampleCar(10)
    const channel = await transfer.pull({
      from: CLIENT,
      voucher: { proposal: root },
      root,
      request: { URL: scripted.url, Headers: null },
      size: 1_000n,
    })
    await until(() => expect(events.at(-1)?.transferred).toBe(10n))
    transfer.cancel(channel)
    await until(() => expect(events.at(-1)?.type).toBe('cancelled'))
    expect(dealEvents().at(-1)).toBe('ProviderEventDataTransferCancelled')
  })
})
