import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { NodeHttpDownloader } from '../../../src/adapters/http-transfer/downloader.ts'
import { sinkTarget } from '../../../src/adapters/http-transfer/sink-target.ts'
import type { DownloadEvent } from '../../../src/adapters/http-transfer/types.ts'
import { VirtualClock } from '../../../src/fsm/virtual-clock.ts'
import { firstDifference, pseudoRandomBytes } from '../piece/bytes.ts'
import { memorySink, recorder, scriptedServer, serveRange, until } from './fixtures.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const STALL_MS = 1_000
const BACKOFF_MS = 200

function setup(init: { attempts?: number; maxTransferDurationMs?: number } = {}) {
  const clock = new VirtualClock()
  const pulls = new NodeHttpDownloader({
    clock,
    stallTimeoutMs: STALL_MS,
    retry: {
      minMs: BACKOFF_MS,
      maxMs: BACKOFF_MS * 4,
      factor: 2,
      jitter: false,
      attempts: init.attempts ?? 15,
    },
    ...(init.maxTransferDurationMs === undefined
      ? {}
      : { maxTransferDurationMs: init.maxTransferDurationMs }),
  })
  cleanups.push(() => pulls.close())
  const events = recorder()
  pulls.subscribe(events.listener)
  const count = (type: DownloadEvent['type']) => events.events.filter((event) => event.type === type).length
  return { clock, pulls, events, count }
}

/** Starts a 206 answer for the asked range and sends only its first `bytes` bytes. */
function sendPartial(
  response: ServerResponse,
  car: Uint8Array,
  range: [number, number],
  bytes: number,
): void {
  const [start, end] = range
  response.writeHead(206, {
    'Content-Length': String(end - start),
    'Content-Range': `bytes ${start}-${end - 1}/${car.length}`,
  })
  response.write(car.subarray(start, start + bytes))
}

describe('stall timeout and Range resume', () => {
  it('abandons a request that receives nothing for the stall timeout, then resumes with Range after the backoff', async () => {
    const car = pseudoRandomBytes(10_000, 11)
    let gets = 0
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'GET' && gets++ === 0) sendPartial(response, car, [0, car.length], 4_000)
      else serveRange(request, response, car)
    })
    cleanups.push(scripted.close)
    const { clock, pulls, events, count } = setup()
    const sink = memorySink()
    const pull = pulls.download({
      id: 'stall',
      url: scripted.url,
      size: 10_000n,
      target: sinkTarget(sink.sink),
    })
    await until(() => expect(pull.received).toBe(4_000n))

    await clock.advance(STALL_MS - 1)
    expect(count('stalled')).toBe(0)
    await clock.advance(1)
    await until(() => expect(count('stalled')).toBe(1))
    expect(events.events.find((event) => event.type === 'stalled')).toMatchObject({
      received: 4_000n,
      attempt: 1,
      retryInMs: BACKOFF_MS,
      error: { code: 'ERR_HTTP_TRANSFER_STALLED' },
    })
    expect(count('restarted')).toBe(0)

    await clock.advance(BACKOFF_MS)
    const result = await pull.done
    expect(result.size).toBe(10_000n)
    expect(firstDifference(sink.bytes(), car)).toBe(-1)
    expect(
      scripted.seen.filter((request) => request.method === 'GET').map((request) => request.range),
    ).toEqual(['bytes=0-9999', 'bytes=4000-9999'])
    expect(events.types().filter((type) => type !== 'progress')).toEqual([
      'started',
      'stalled',
      'restarted',
      'completed',
    ])
  })

  it('resumes after a connection reset, from the byte reached', async () => {
    const car = pseudoRandomBytes(8_000, 12)
    let gets = 0
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'GET' && gets++ === 0) {
        sendPartial(response, car, [0, car.length], 3_000)
        setTimeout(() => response.socket?.destroy(), 20)
      } else serveRange(request, response, car)
    })
    cleanups.push(scripted.close)
    const { clock, pulls, count } = setup()
    const sink = memorySink()
    const pull = pulls.download({
      id: 'reset',
      url: scripted.url,
      size: 8_000n,
      target: sinkTarget(sink.sink),
    })
    await until(() => expect(count('stalled')).toBe(1))
    await clock.advance(BACKOFF_MS)
    await pull.done
    expect(firstDifference(sink.bytes(), car)).toBe(-1)
    expect(scripted.seen.filter((request) => request.method === 'GET').at(-1)?.range).toBe('bytes=3000-7999')
  })

  it('retries a 5xx with growing backoff and fails after the attempt budget', async () => {
    const scripted = await scriptedServer((_request, response) => {
      response.writeHead(503).end()
    })
    cleanups.push(scripted.close)
    const { clock, pulls, events, count } = setup({ attempts: 3 })
    const pull = pulls.download({
      id: 'busy',
      url: scripted.url,
      size: 100n,
      target: sinkTarget(memorySink().sink),
    })
    for (let failures = 1; failures <= 2; failures++) {
      await until(() => expect(count('stalled')).toBe(failures))
      const stalled = events.events.filter((event) => event.type === 'stalled').at(-1)
      expect(stalled).toMatchObject({ attempt: failures, retryInMs: BACKOFF_MS * 2 ** (failures - 1) })
      await clock.advance(BACKOFF_MS * 2 ** (failures - 1))
    }
    await expect(pull.done).rejects.toMatchObject({
      code: 'ERR_HTTP_TRANSFER_RETRIES_EXHAUSTED',
      attempts: 3,
      cause: { code: 'ERR_HTTP_TRANSFER_STATUS', status: 503 },
    })
    expect(scripted.seen.map((request) => request.method)).toEqual(['HEAD', 'HEAD', 'HEAD'])
    expect(events.types().at(-1)).toBe('failed')
  })

  it('resets the attempt budget when an attempt received bytes', async () => {
    const car = pseudoRandomBytes(4_000, 13)
    let gets = 0
    const scripted = await scriptedServer((request, response) => {
      if (request.method !== 'GET') return serveRange(request, response, car)
      const n = gets++
      if (n < 3) {
        sendPartial(response, car, [1_000 * n, car.length], 1_000)
        setTimeout(() => response.socket?.destroy(), 20)
      } else serveRange(request, response, car)
    })
    cleanups.push(scripted.close)
    // Two attempts allowed, three broken answers: it only finishes because each one made progress.
    const { clock, pulls, count } = setup({ attempts: 2 })
    const sink = memorySink()
    const pull = pulls.download({
      id: 'progress',
      url: scripted.url,
      size: 4_000n,
      target: sinkTarget(sink.sink),
    })
    for (let stall = 1; stall <= 3; stall++) {
      await until(() => expect(count('stalled')).toBe(stall))
      await clock.advance(BACKOFF_MS)
    }
    await pull.done
    expect(firstDifference(sink.bytes(), car)).toBe(-1)
  })

  it('fails with ERR_HTTP_TRANSFER_TIMEOUT when the whole transfer outlives its deadline', async () => {
    const car = pseudoRandomBytes(2_000, 14)
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'GET') sendPartial(response, car, [0, car.length], 500)
      else serveRange(request, response, car)
    })
    cleanups.push(scripted.close)
    const { clock, pulls } = setup({ maxTransferDurationMs: STALL_MS / 2 })
    const pull = pulls.download({
      id: 'slow',
      url: scripted.url,
      size: 2_000n,
      target: sinkTarget(memorySink().sink),
    })
    await until(() => expect(pull.received).toBe(500n))
    await clock.advance(STALL_MS / 2)
    await expect(pull.done).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_TIMEOUT' })
  })
})
