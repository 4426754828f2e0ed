import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { NodeHttpDownloader } from '../../../src/adapters/http-transfer/downloader.ts'
import { sinkTarget } from '../../../src/adapters/http-transfer/sink-target.ts'
import { VirtualClock } from '../../../src/fsm/virtual-clock.ts'
import { firstDifference, pseudoRandomBytes } from '../piece/bytes.ts'
import { memorySink, recorder, scriptedServer, serveRange, until } from './fixtures.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A server whose GET answers wait until the test releases them; it sends the first 100 bytes meanwhile. */
async function gatedServer(car: Uint8Array) {
  const held: ServerResponse[] = []
  const scripted = await scriptedServer((request, response) => {
    if (request.method !== 'GET') return serveRange(request, response, car)
    response.writeHead(206, {
      'Content-Length': String(car.length),
      'Content-Range': `bytes 0-${car.length - 1}/${car.length}`,
    })
    response.write(car.subarray(0, 100))
    held.push(response)
  })
  cleanups.push(scripted.close)
  const release = () => {
    for (const response of held.splice(0)) response.end(car.subarray(100))
  }
  return { ...scripted, held, release }
}

function downloader(maxConcurrent: number) {
  const pulls = new NodeHttpDownloader({ clock: new VirtualClock(), maxConcurrent })
  cleanups.push(() => pulls.close())
  const events = recorder()
  pulls.subscribe(events.listener)
  return { pulls, events }
}

describe('concurrent transfers', () => {
  it('runs at most maxConcurrent transfers and starts queued ones in order as slots free', async () => {
    const car = pseudoRandomBytes(2_000, 21)
    const server = await gatedServer(car)
    const { pulls, events } = downloader(1)
    const sinks = [memorySink(), memorySink(), memorySink()]
    const handles = sinks.map((sink, i) =>
      pulls.download({ id: `d${i}`, url: server.url, size: 2_000n, target: sinkTarget(sink.sink) }),
    )
    await until(() => expect(server.held).toHaveLength(1))
    expect(pulls.running).toBe(1)
    expect(pulls.queued).toBe(2)
    expect(events.events.filter((event) => event.type === 'queued').map((event) => event.id)).toEqual([
      'd1',
      'd2',
    ])
    expect(events.events.filter((event) => event.type === 'started').map((event) => event.id)).toEqual(['d0'])

    for (let done = 0; done < 3; done++) {
      await until(() => expect(server.held).toHaveLength(1))
      expect(pulls.running).toBe(1)
      server.release()
      await handles[done]?.done
    }
    for (const sink of sinks) expect(firstDifference(sink.bytes(), car)).toBe(-1)
    const order = events.events.filter((event) => event.type === 'started' || event.type === 'completed')
    expect(order.map((event) => `${event.type}:${event.id}`)).toEqual([
      'started:d0',
      'completed:d0',
      'started:d1',
      'completed:d1',
      'started:d2',
      'completed:d2',
    ])
    expect(pulls.running).toBe(0)
  })
})

describe('abort', () => {
  it('cancels a running transfer through its signal: AbortError, a cancelled event, the connection closed', async () => {
    const car = pseudoRandomBytes(2_000, 22)
    const server = await gatedServer(car)
    const { pulls, events } = downloader(2)
    const controller = new AbortController()
    const pull = pulls.download(
      { id: 'a', url: server.url, size: 2_000n, target: sinkTarget(memorySink().sink) },
      {
        signal: controller.signal,
      },
    )
    await until(() => expect(pull.received).toBe(100n))
    controller.abort()
    await expect(pull.done).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    expect(events.events.at(-1)).toEqual({ type: 'cancelled', id: 'a', received: 100n })
    await until(() => expect(server.held[0]?.destroyed).toBe(true))
    expect(pulls.running).toBe(0)
  })

  it('cancels a queued transfer without any request, and frees nothing it did not hold', async () => {
    const car = pseudoRandomBytes(2_000, 23)
    const server = await gatedServer(car)
    const { pulls, events } = downloader(1)
    const first = pulls.download({
      id: 'first',
      url: server.url,
      size: 2_000n,
      target: sinkTarget(memorySink().sink),
    })
    const queued = pulls.download({
      id: 'queued',
      url: server.url,
      size: 2_000n,
      target: sinkTarget(memorySink().sink),
    })
    await until(() => expect(server.held).toHaveLength(1))
    queued.cancel()
    await expect(queued.done).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    expect(pulls.queued).toBe(0)
    expect(pulls.running).toBe(1)
    server.release()
    await first.done
    expect(server.seen.filter((request) => request.method === 'GET')).toHaveLength(1)
    expect(events.events.filter((event) => event.id === 'queued').map((event) => event.type)).toEqual([
      'queued',
      'cancelled',
    ])
  })

  it('refuses downloads after close and cancels the running ones', async () => {
    const car = pseudoRandomBytes(2_000, 24)
    const server = await gatedServer(car)
    const { pulls } = downloader(1)
    const running = pulls.download({
      id: 'r',
      url: server.url,
      size: 2_000n,
      target: sinkTarget(memorySink().sink),
    })
    await until(() => expect(server.held).toHaveLength(1))
    await pulls.close()
    await expect(running.done).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    const late = pulls.download({
      id: 'late',
      url: server.url,
      size: 2_000n,
      target: sinkTarget(memorySink().sink),
    })
    await expect(late.done).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_CLOSED' })
  })
})
