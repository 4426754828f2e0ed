import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { lotusWorld } from '../lotus/fixtures.ts'
import { call, openSocket, post } from './raw.ts'

describe('devnet JSON-RPC over HTTP', () => {
  it('answers 401 without a body to a request without a valid token, and accepts ?token=', async () => {
    const { devnet } = await lotusWorld()
    expect(await post(devnet.url, call('Filecoin.ChainHead', []))).toEqual({ status: 401, body: undefined })
    expect(await post(devnet.url, call('Filecoin.ChainHead', []), 'forged.jwt.token')).toEqual({
      status: 401,
      body: undefined,
    })
    const forged = devnet.createToken(['admin']).replace(/\.[^.]+$/, '.AAAA')
    expect((await post(devnet.url, call('Filecoin.ChainHead', []), forged)).status).toBe(401)
    const query = await post(
      `${devnet.url}?token=${encodeURIComponent(devnet.token)}`,
      call('Filecoin.ChainHead', []),
    )
    expect(query.status).toBe(200)
  })

  it('serves only POST /rpc/v1', async () => {
    const { devnet } = await lotusWorld()
    expect(
      (await post(devnet.url.replace('/rpc/v1', '/rpc/v0'), call('Filecoin.ChainHead', []), devnet.token))
        .status,
    ).toBe(404)
    expect((await fetch(devnet.url, { headers: { authorization: `Bearer ${devnet.token}` } })).status).toBe(
      405,
    )
  })

  it('answers protocol errors with go-jsonrpc codes and statuses', async () => {
    const { devnet } = await lotusWorld()
    const ask = (body: unknown) => post(devnet.url, body, devnet.token)
    const error = (code: number) => expect.objectContaining({ error: expect.objectContaining({ code }) })
    expect(await ask('{not json')).toEqual({ status: 500, body: error(-32700) })
    expect(await ask('')).toEqual({ status: 400, body: error(-32600) })
    expect(await ask([])).toEqual({ status: 400, body: error(-32600) })
    expect(await ask(call('Filecoin.NoSuchMethod', []))).toEqual({ status: 500, body: error(-32601) })
    const notify = await ask(call('Filecoin.ChainNotify', []))
    expect(notify).toEqual({ status: 500, body: error(-32601) })
    expect(JSON.stringify(notify.body)).toContain('no out channel support')
    const count = await ask(call('Filecoin.StateLookupID', [[]]))
    expect(count).toEqual({ status: 500, body: error(-32602) })
    expect(JSON.stringify(count.body)).toContain('1 != 2')
    const param = await ask(call('Filecoin.StateLookupID', ['not an address', []]))
    expect(param).toEqual({ status: 500, body: error(-32700) })
    expect(JSON.stringify(param.body)).toContain('(param: 0)')
    expect(await ask({ ...call('Filecoin.ChainHead', []), params: 'x' })).toEqual({
      status: 500,
      body: error(-32700),
    })
  })

  it('answers method failures with HTTP 200 and Lotus codes: 11 for an unknown actor, 1 otherwise', async () => {
    const { devnet } = await lotusWorld()
    const unknown = await post(devnet.url, call('Filecoin.StateLookupID', ['f09999', []], 4), devnet.token)
    expect(unknown).toEqual({
      status: 200,
      body: {
        jsonrpc: '2.0',
        id: 4,
        error: { code: 11, message: expect.stringContaining('actor not found') },
      },
    })
    const deal = await post(devnet.url, call('Filecoin.StateMarketStorageDeal', [7, []]), devnet.token)
    expect(deal.body).toMatchObject({ error: { code: 1, message: 'deal 7 not found' } })
  })

  it('refuses a method the token has no permission for, in Lotus words', async () => {
    const { world, devnet } = await lotusWorld()
    const reader = devnet.createToken(['read'])
    const answer = await post(
      devnet.url,
      call('Filecoin.WalletSign', [world.client.toString(), 'AQ==']),
      reader,
    )
    expect(answer).toEqual({
      status: 200,
      body: {
        jsonrpc: '2.0',
        id: 1,
        error: { code: 1, message: "missing permission to invoke 'WalletSign' (need 'sign')" },
      },
    })
    const admin = await post(
      devnet.url,
      call('Devnet.Advance', [1]),
      devnet.createToken(['read', 'write', 'sign']),
    )
    expect(answer.status).toBe(200)
    expect(admin.body).toMatchObject({
      error: { message: "missing permission to invoke 'Advance' (need 'admin')" },
    })
  })

  it('answers a batch with one response per request, in order', async () => {
    const { devnet } = await lotusWorld()
    const answer = await post(
      devnet.url,
      [call('Filecoin.ChainHead', [], 1), call('Filecoin.Nope', [], 2)],
      devnet.token,
    )
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject([
      { id: 1, result: { Height: 0 } },
      { id: 2, error: { code: -32601 } },
    ])
  })
})

describe('devnet JSON-RPC over WebSocket', () => {
  it('refuses the upgrade without a valid token', async () => {
    const { devnet } = await lotusWorld()
    const status = await new Promise((resolve) => {
      const socket = new WebSocket(devnet.wsUrl, { headers: { authorization: 'Bearer nope' } })
      socket.on('error', () => undefined)
      socket.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode)
        socket.terminate()
      })
    })
    expect(status).toBe(401)
  })

  it('ChainNotify answers with a channel id, then pushes xrpc.ch.val; xrpc.cancel closes the channel', async () => {
    const { world, devnet } = await lotusWorld()
    const socket = await openSocket(devnet.wsUrl, devnet.token)
    socket.send(call('Filecoin.ChainNotify', [], 5))
    const { result: chanId } = (await socket.next()) as { result: number }
    expect(chanId).toEqual(expect.any(Number))
    expect(await socket.next()).toMatchObject({
      method: 'xrpc.ch.val',
      params: [chanId, [{ Type: 'current', Val: { Height: 0 } }]],
    })
    await world.chain.advance(1)
    expect(await socket.next()).toMatchObject({
      method: 'xrpc.ch.val',
      params: [chanId, [{ Type: 'apply', Val: { Height: 1 } }]],
    })
    socket.send({ jsonrpc: '2.0', method: 'xrpc.cancel', params: [5] })
    expect(await socket.next()).toEqual({ jsonrpc: '2.0', method: 'xrpc.ch.close', params: [chanId] })
    expect(devnet.headSubscriptions).toBe(0)
  })

  it('answers calls over the socket, a waiting StateWaitMsg once the chain gets there', async () => {
    const { world, devnet } = await lotusWorld()
    const socket = await openSocket(devnet.wsUrl, devnet.token)
    const pushed = await world.chain.marketAddBalance(world.client, world.client, 1n)
    socket.send(call('Filecoin.StateWaitMsg', [{ '/': pushed.toString() }, 1, -1, true], 8))
    await socket.sync()
    expect(devnet.requestsInFlight).toBe(1)
    await world.chain.advance(2)
    expect(await socket.next()).toMatchObject({
      id: 8,
      result: { Message: { '/': pushed.toString() }, Height: 1 },
    })
    socket.send(call('Filecoin.ChainHead', [], 9))
    expect(await socket.next()).toMatchObject({ id: 9, result: { Height: 2 } })
  })

  it('a closed connection stops what it started on the devnet', async () => {
    const { devnet } = await lotusWorld()
    const socket = await openSocket(devnet.wsUrl, devnet.token)
    socket.send(call('Filecoin.ChainNotify', [], 1))
    await socket.next()
    await socket.next()
    expect(devnet.headSubscriptions).toBe(1)
    devnet.dropConnections()
    // Bounded by the test's timeout: the devnet closes the channel when it sees the socket close.
    while (devnet.headSubscriptions > 0) await new Promise((resolve) => setTimeout(resolve, 2))
    expect(devnet.headSubscriptions).toBe(0)
  })
})
