import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HttpCarServer } from '../../../src/adapters/http-transfer/car-server.ts'
import { NodeHttpDownloader } from '../../../src/adapters/http-transfer/downloader.ts'
import { fileTarget } from '../../../src/adapters/http-transfer/file-target.ts'
import { sinkTarget } from '../../../src/adapters/http-transfer/sink-target.ts'
import type { HttpDownloaderInit } from '../../../src/adapters/http-transfer/types.ts'
import { buildCar } from '../../../src/adapters/piece/car.ts'
import { VirtualClock } from '../../../src/fsm/virtual-clock.ts'
import { firstDifference, pseudoRandomBytes } from '../piece/bytes.ts'
import { memorySink, recorder, sampleCar, scriptedServer, serveRange, startCarServer } from './fixtures.ts'

let server: HttpCarServer | undefined
let dir: string
const cleanups: (() => Promise<void>)[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'http-pull-'))
})

afterEach(async () => {
  await server?.close()
  server = undefined
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await rm(dir, { recursive: true, force: true })
})

/** A downloader on a virtual clock (no timer fires unless a test advances it). */
function downloader(init: HttpDownloaderInit = {}) {
  const made = new NodeHttpDownloader({ clock: new VirtualClock(), ...init })
  cleanups.push(() => made.close())
  return made
}

describe('a full pull', () => {
  it('downloads a CAR from the CAR server into a sink and checks its piece CID', async () => {
    server = await startCarServer()
    const { root, car, pieceCid, pieceSize } = await sampleCar()
    const registration = await server.register(root, car)
    const sink = memorySink()
    const events = recorder()
    const pulls = downloader({ progressEveryBytes: 8_192 })
    pulls.subscribe(events.listener)
    const result = await pulls.download({
      id: 'deal-1',
      url: registration.url,
      headers: registration.headers,
      size: registration.size,
      target: sinkTarget(sink.sink),
      piece: { pieceCid, pieceSize },
    }).done
    expect(result.size).toBe(BigInt(car.length))
    expect(result.commitment?.pieceCid.equals(pieceCid)).toBe(true)
    expect(firstDifference(sink.bytes(), car)).toBe(-1)
    expect(sink.closed()).toBe(true)
    expect(events.types()[0]).toBe('started')
    expect(events.types().slice(-2)).toEqual(['verifying', 'completed'])
    const progress = events.events.flatMap((event) => (event.type === 'progress' ? [event.received] : []))
    expect(progress.at(-1)).toBe(BigInt(car.length))
    expect([...progress].sort((a, b) => (a < b ? -1 : 1))).toEqual(progress)
  })

  it('splits a large file into parallel ranged chunks and assembles them in order (file target)', async () => {
    const car = pseudoRandomBytes(100_003, 3)
    const { pieceCid, pieceSize } = await buildCarFree(car)
    const scripted = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(scripted.close)
    const path = join(dir, 'out.car')
    const pulls = downloader({ parallelThreshold: 50_000n, chunks: 5 })
    await pulls.download({
      id: 'big',
      url: scripted.url,
      size: 100_003n,
      target: fileTarget(path),
      piece: { pieceCid, pieceSize },
    }).done
    const gets = scripted.seen.filter((request) => request.method === 'GET').map((request) => request.range)
    expect(gets.sort()).toEqual(
      [
        'bytes=0-19999',
        'bytes=20000-39999',
        'bytes=40000-59999',
        'bytes=60000-79999',
        'bytes=80000-100002',
      ].sort(),
    )
    expect(firstDifference(new Uint8Array(await readFile(path)), car)).toBe(-1)
    await expect(readFile(`${path}.ctrl`)).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(readFile(`${path}.chunk-1`)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('assembles parallel chunks into a sink in order', async () => {
    const car = pseudoRandomBytes(60_001, 4)
    const scripted = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(scripted.close)
    const sink = memorySink()
    const pulls = downloader({ parallelThreshold: 1_000n, chunks: 3 })
    const piece = await buildCarFree(car)
    const { commitment } = await pulls.download({
      id: 'sink',
      url: scripted.url,
      size: 60_001n,
      target: sinkTarget(sink.sink, { tmpDir: dir }),
      piece,
    }).done
    expect(firstDifference(sink.bytes(), car)).toBe(-1)
    expect(commitment?.payloadSize).toBe(60_001)
    expect(scripted.seen.filter((request) => request.method === 'GET')).toHaveLength(3)
  })

  it('resumes a file target from the chunks stored by an earlier run, with Range', async () => {
    const car = pseudoRandomBytes(30_000, 5)
    const path = join(dir, 'resume.car')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(path, car.subarray(0, 12_345))
    const scripted = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(scripted.close)
    await downloader().download({ id: 'resume', url: scripted.url, size: 30_000n, target: fileTarget(path) })
      .done
    expect(
      scripted.seen.filter((request) => request.method === 'GET').map((request) => request.range),
    ).toEqual(['bytes=12345-29999'])
    expect(firstDifference(new Uint8Array(await readFile(path)), car)).toBe(-1)
  })
})

/** The piece of `bytes` served as they are (no CAR framing needed by the downloader). */
async function buildCarFree(bytes: Uint8Array) {
  const { pieceCommitmentOfBytes } = await import('../../../src/adapters/piece/commitment.ts')
  return pieceCommitmentOfBytes(bytes)
}

describe('file target', () => {
  it('finds a finished download in place and sends no GET', async () => {
    const car = pseudoRandomBytes(20_000, 15)
    const path = join(dir, 'done.car')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(path, car)
    const scripted = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(scripted.close)
    const piece = await buildCarFree(car)
    const pulls = downloader({ parallelThreshold: 1_000n })
    const result = await pulls.download({
      id: 'done',
      url: scripted.url,
      size: 20_000n,
      target: fileTarget(path),
      piece,
    }).done
    expect(result.commitment?.pieceCid.equals(piece.pieceCid)).toBe(true)
    expect(scripted.seen.map((request) => request.method)).toEqual(['HEAD'])
  })

  it('refuses stored bytes beyond the declared size', async () => {
    const car = pseudoRandomBytes(1_000, 16)
    const path = join(dir, 'long.car')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(path, pseudoRandomBytes(1_500, 16))
    const scripted = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(scripted.close)
    const pull = downloader().download({
      id: 'long',
      url: scripted.url,
      size: 1_000n,
      target: fileTarget(path),
    })
    await expect(pull.done).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_SIZE_EXCEEDED' })
    expect(scripted.seen.map((request) => request.method)).toEqual(['HEAD'])
  })
})

describe('size and piece enforcement', () => {
  it('fails with ERR_HTTP_TRANSFER_SIZE_EXCEEDED when the body is longer than asked, writing nothing beyond the declared size', async () => {
    const car = pseudoRandomBytes(5_000, 6)
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'HEAD') {
        response.writeHead(200, { 'Content-Length': '5000' }).end()
        return
      }
      // No Content-Length: the excess is only seen in the body.
      response.writeHead(206, { 'Content-Range': 'bytes 0-4999/5000' })
      response.write(car)
      response.end(pseudoRandomBytes(3_000, 9))
    })
    cleanups.push(scripted.close)
    const sink = memorySink()
    const events = recorder()
    const pulls = downloader()
    pulls.subscribe(events.listener)
    const pull = pulls.download({
      id: 'more',
      url: scripted.url,
      size: 5_000n,
      target: sinkTarget(sink.sink),
    })
    await expect(pull.done).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_SIZE_EXCEEDED' })
    expect(sink.bytes().length).toBeLessThanOrEqual(5_000)
    expect(firstDifference(sink.bytes(), car.subarray(0, sink.bytes().length))).toBe(-1)
    expect(events.types().at(-1)).toBe('failed')
    expect(events.types()).not.toContain('stalled')
    expect(scripted.seen.filter((request) => request.method === 'GET')).toHaveLength(1)
  })

  it('fails before writing when a GET announces more bytes than asked', async () => {
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'HEAD') {
        response.writeHead(200, { 'Content-Length': '5000' }).end()
        return
      }
      response.writeHead(200, { 'Content-Length': '6000' }).end(new Uint8Array(6000))
    })
    cleanups.push(scripted.close)
    const sink = memorySink()
    const pull = downloader().download({
      id: 'long',
      url: scripted.url,
      size: 5_000n,
      target: sinkTarget(sink.sink),
    })
    await expect(pull.done).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_SIZE_EXCEEDED' })
    expect(sink.bytes().length).toBe(0)
  })

  it('fails with ERR_HTTP_TRANSFER_SIZE_MISMATCH when HEAD disagrees with the declared size', async () => {
    const car = pseudoRandomBytes(5_000, 6)
    const scripted = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(scripted.close)
    const pull = downloader().download({
      id: 'size',
      url: scripted.url,
      size: 4_000n,
      target: sinkTarget(memorySink().sink),
    })
    await expect(pull.done).rejects.toMatchObject({
      code: 'ERR_HTTP_TRANSFER_SIZE_MISMATCH',
      message: 'deal size mismatch: head: 5000, dealInfo: 4000',
    })
    expect(scripted.seen.map((request) => request.method)).toEqual(['HEAD'])
  })

  it('fails with ERR_PIECE_COMMITMENT_MISMATCH when the bytes are not the proposal piece', async () => {
    server = await startCarServer()
    const served = await sampleCar(40_000, 1)
    const proposed = await sampleCar(40_000, 2)
    const registration = await server.register(served.root, served.car)
    const events = recorder()
    const pulls = downloader()
    pulls.subscribe(events.listener)
    const pull = pulls.download({
      id: 'mismatch',
      url: registration.url,
      headers: registration.headers,
      size: registration.size,
      target: sinkTarget(memorySink().sink),
      piece: { pieceCid: proposed.pieceCid, pieceSize: proposed.pieceSize },
    })
    await expect(pull.done).rejects.toMatchObject({
      code: 'ERR_PIECE_COMMITMENT_MISMATCH',
      expected: proposed.pieceCid.toString(),
    })
    expect(events.types().slice(-2)).toEqual(['verifying', 'failed'])
  })

  it('accepts a piece zero-padded up to a larger proposal piece size', async () => {
    server = await startCarServer()
    const { root, car, pieceCid, pieceSize } = await buildCar(pseudoRandomBytes(1_000, 8))
    const { zeroPadPieceCid } = await import('../../../src/adapters/piece/zero-pad.ts')
    const padded = await zeroPadPieceCid(pieceCid, pieceSize, pieceSize * 4)
    const registration = await server.register(root, car)
    const pull = downloader().download({
      id: 'padded',
      url: registration.url,
      headers: registration.headers,
      size: registration.size,
      target: sinkTarget(memorySink().sink),
      piece: { pieceCid: padded, pieceSize: pieceSize * 4 },
    })
    await expect(pull.done).resolves.toMatchObject({ size: BigInt(car.length) })
  })

  it('refuses a server that ignores the Range of a partial chunk', async () => {
    const car = pseudoRandomBytes(20_000, 6)
    const scripted = await scriptedServer((request, response) => {
      if (request.method === 'HEAD') response.writeHead(200, { 'Content-Length': '20000' }).end()
      else response.writeHead(200, { 'Content-Length': '20000' }).end(car)
    })
    cleanups.push(scripted.close)
    const pull = downloader({ parallelThreshold: 1n, chunks: 2 }).download({
      id: 'norange',
      url: scripted.url,
      size: 20_000n,
      target: sinkTarget(memorySink().sink, { tmpDir: dir }),
    })
    await expect(pull.done).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_RANGE' })
  })
})

describe('server answers', () => {
  it('ends at once on a 4xx, with the status in the message', async () => {
    server = await startCarServer()
    const { root, car } = await sampleCar(1_000)
    const registration = await server.register(root, car)
    const events = recorder()
    const pulls = downloader()
    pulls.subscribe(events.listener)
    const pull = pulls.download({
      id: 'noauth',
      url: registration.url,
      size: registration.size,
      target: sinkTarget(memorySink().sink),
    })
    await expect(pull.done).rejects.toMatchObject({
      code: 'ERR_HTTP_TRANSFER_STATUS',
      status: 401,
      message: 'http HEAD req failed: code: 401, status: Unauthorized',
    })
    expect(events.types()).toEqual(['started', 'failed'])
  })

  it('follows one redirect and checks the URL policy on its target', async () => {
    const car = pseudoRandomBytes(3_000, 6)
    const target = await scriptedServer((request, response) => serveRange(request, response, car))
    cleanups.push(target.close)
    const redirect = await scriptedServer((_request, response) => {
      response.writeHead(302, { Location: target.url }).end()
    })
    cleanups.push(redirect.close)
    const sink = memorySink()
    await downloader().download({
      id: 'redirect',
      url: redirect.url,
      size: 3_000n,
      target: sinkTarget(sink.sink),
    }).done
    expect(firstDifference(sink.bytes(), car)).toBe(-1)
    const refusing = downloader({
      urlPolicy: {
        refuse: (url) =>
          url.pathname === '/file.car' && url.port === new URL(target.url).port ? 'not that one' : undefined,
      },
    })
    const pull = refusing.download({
      id: 'refused',
      url: redirect.url,
      size: 3_000n,
      target: sinkTarget(memorySink().sink),
    })
    await expect(pull.done).rejects.toMatchObject({
      code: 'ERR_HTTP_TRANSFER_URL_REFUSED',
      reason: 'not that one',
    })
  })

  it('refuses private addresses unless allowed, and libp2p URLs', async () => {
    const pulls = downloader()
    for (const [url, reason] of [
      ['http://10.0.0.5/x.car', 'downloading from private ip addresses is not allowed'],
      ['http://[fd00::1]/x.car', 'downloading from private ip addresses is not allowed'],
      ['', 'deal url is empty'],
      ['ftp://example.com/x.car', 'unsupported scheme ftp:'],
      [
        'libp2p:///ip4/1.2.3.4/tcp/1/p2p/12D3KooW',
        'libp2p transfer urls are not supported by the http downloader',
      ],
    ] as const) {
      const pull = pulls.download({ id: url, url, size: 1n, target: sinkTarget(memorySink().sink) })
      await expect(pull.done, url).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_URL_REFUSED', reason })
    }
    const { checkTransferUrl } = await import('../../../src/adapters/http-transfer/url-policy.ts')
    expect(checkTransferUrl('http://192.168.1.2/x', { allowPrivateIps: true }).hostname).toBe('192.168.1.2')
    expect(() => checkTransferUrl('http://localhost/x', { refuseLoopback: true })).toThrow(/loopback/)
    expect(checkTransferUrl('http://127.0.0.1/x').hostname).toBe('127.0.0.1')
  })
})
