import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HttpCarServer } from '../../../src/adapters/http-transfer/car-server.ts'
import type { CarServerEvent } from '../../../src/adapters/http-transfer/types.ts'
import { HttpTransferClosedError } from '../../../src/errors.ts'
import { decodeHttpRequest } from '../../../src/market/mk12/http-request.ts'
import { firstDifference } from '../piece/bytes.ts'
import { sampleCar, startCarServer } from './fixtures.ts'

let server: HttpCarServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(url, { method, headers })
  return { response, body: new Uint8Array(await response.arrayBuffer()) }
}

describe('HttpCarServer', () => {
  it('returns the proposal transfer params: type http, the JSON HttpRequest, the CAR size', async () => {
    server = await startCarServer()
    const { root, car } = await sampleCar()
    const registration = await server.register(root, car, { clientId: 'me' })
    expect(registration.size).toBe(BigInt(car.length))
    expect(registration.url.startsWith(`${server.url}/`)).toBe(true)
    expect(registration.id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(registration.transfer).toMatchObject({ Type: 'http', ClientID: 'me', Size: car.length })
    const json = new TextDecoder().decode(registration.transfer.Params)
    expect(json.startsWith('{"URL":')).toBe(true)
    const request = decodeHttpRequest(registration.transfer.Params)
    expect(request.URL).toBe(registration.url)
    expect(request.Headers?.Authorization).toMatch(/^Bearer [A-Za-z0-9_-]{32}$/)
    expect(request).toEqual(registration.request)
  })

  it('answers HEAD with the Content-Length and GET with the whole CAR', async () => {
    server = await startCarServer()
    const { root, car } = await sampleCar()
    const { url, headers } = await server.register(root, car)
    const head = await get(url, headers, 'HEAD')
    expect(head.response.status).toBe(200)
    expect(head.response.headers.get('content-length')).toBe(String(car.length))
    expect(head.response.headers.get('accept-ranges')).toBe('bytes')
    expect(head.body.length).toBe(0)
    const whole = await get(url, headers)
    expect(whole.response.status).toBe(200)
    expect(firstDifference(whole.body, car)).toBe(-1)
  })

  it('serves a Range with 206 and Content-Range, clips an end past the file, and refuses a bad range with 416', async () => {
    server = await startCarServer()
    const { root, car } = await sampleCar()
    const { url, headers } = await server.register(root, car)
    const part = await get(url, { ...headers, Range: 'bytes=100-199' })
    expect(part.response.status).toBe(206)
    expect(part.response.headers.get('content-range')).toBe(`bytes 100-199/${car.length}`)
    expect(firstDifference(part.body, car.subarray(100, 200))).toBe(-1)
    const tail = await get(url, { ...headers, Range: 'bytes=-10' })
    expect(firstDifference(tail.body, car.subarray(car.length - 10))).toBe(-1)
    const clipped = await get(url, { ...headers, Range: `bytes=${car.length - 5}-${car.length + 100}` })
    expect(clipped.response.status).toBe(206)
    expect(clipped.body.length).toBe(5)
    for (const bad of [`bytes=${car.length}-`, 'bytes=50-10', 'bytes=0-1,5-6', 'items=0-1']) {
      const refused = await get(url, { ...headers, Range: bad })
      expect(refused.response.status, bad).toBe(416)
      expect(refused.response.headers.get('content-range')).toBe(`bytes */${car.length}`)
    }
  })

  it('answers 401 without the secret header, 403 with a wrong one, 404 for unknown or unregistered paths', async () => {
    server = await startCarServer()
    const { root, car } = await sampleCar()
    const { url, id, headers } = await server.register(root, car)
    expect((await get(url)).response.status).toBe(401)
    expect((await get(url, { Authorization: 'Bearer nope' })).response.status).toBe(403)
    expect((await get(`${server.url}/unknown`, headers)).response.status).toBe(404)
    expect((await get(url, headers, 'POST')).response.status).toBe(405)
    server.unregister(id)
    expect((await get(url, headers)).response.status).toBe(404)
  })

  it('checks a custom header holding the raw token, and serves open registrations to anyone', async () => {
    server = await startCarServer({ authHeader: 'X-Deal-Token' })
    const { root, car } = await sampleCar()
    const secret = await server.register(root, car, { token: 's3cret' })
    expect(secret.headers).toEqual({ 'X-Deal-Token': 's3cret' })
    expect((await get(secret.url, { 'X-Deal-Token': 'wrong' })).response.status).toBe(403)
    expect((await get(secret.url, secret.headers)).response.status).toBe(200)
    const open = await server.register(root, car, { token: null })
    expect(open.request.Headers).toBeNull()
    expect(new TextDecoder().decode(open.transfer.Params)).toBe(`{"URL":"${open.url}","Headers":null}`)
    expect((await get(open.url)).response.status).toBe(200)
  })

  it('serves a CAR file from disk, ranges included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'car-server-'))
    try {
      server = await startCarServer()
      const { root, car } = await sampleCar()
      const path = join(dir, 'payload.car')
      await writeFile(path, car)
      const { url, headers, size } = await server.register(root, { path })
      expect(size).toBe(BigInt(car.length))
      const part = await get(url, { ...headers, Range: 'bytes=1000-' })
      expect(firstDifference(part.body, car.subarray(1000))).toBe(-1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('emits request, progress and served events', async () => {
    server = await startCarServer({ progressEveryBytes: 10_000 })
    const events: CarServerEvent[] = []
    server.subscribe((event) => events.push(event))
    const { root, car } = await sampleCar()
    const { url, headers, id } = await server.register(root, car)
    await get(url, headers)
    await get(url)
    expect(events[0]).toEqual({ type: 'request', method: 'GET', id, status: 200 })
    const progress = events.filter((event) => event.type === 'progress')
    expect(progress.at(-1)).toEqual({
      type: 'progress',
      id,
      root,
      start: 0n,
      sent: BigInt(car.length),
      length: BigInt(car.length),
    })
    expect(events.find((event) => event.type === 'served')).toEqual({
      type: 'served',
      id,
      root,
      start: 0n,
      length: BigInt(car.length),
    })
    expect(events.at(-1)).toEqual({ type: 'request', method: 'GET', id, status: 401 })
  })

  it('refuses to register before listen and after close', async () => {
    const { root, car } = await sampleCar(1000)
    server = await startCarServer()
    await server.close()
    await expect(server.register(root, car)).rejects.toBeInstanceOf(HttpTransferClosedError)
    const { HttpCarServer } = await import('../../../src/adapters/http-transfer/car-server.ts')
    const idle = new HttpCarServer()
    await expect(idle.register(root, car)).rejects.toBeInstanceOf(HttpTransferClosedError)
    await expect(server.listen()).rejects.toMatchObject({ code: 'ERR_HTTP_TRANSFER_CLOSED' })
  })
})
