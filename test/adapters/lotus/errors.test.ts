import { describe, expect, it } from 'vitest'
import { sendMessage } from '../../../src/adapters/chain.ts'
import { VirtualClock } from '../../../src/adapters/clock.ts'
import { createLotusChain } from '../../../src/adapters/lotus/index.ts'
import {
  AbortError,
  LotusAuthError,
  LotusProtocolError,
  LotusTimeoutError,
  LotusTransportError,
} from '../../../src/errors.ts'
import { lotusWorld } from './fixtures.ts'
import { answer, hang, misbehavingNode } from './misbehaving-node.ts'

const SECRET = 'not-the-token-1234567890'

describe('LotusChain failures', () => {
  it('a refused token is ERR_LOTUS_AUTH (unauthorized) over HTTP and WebSocket, and the token is in no message', async () => {
    const { connect } = await lotusWorld()
    const wrong = connect({ token: SECRET })
    const error = await wrong.chainHead().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LotusAuthError)
    expect(error).toHaveProperty('reason', 'unauthorized')
    const subscription = wrong.chainNotify()[Symbol.asyncIterator]()
    const wsError = await subscription.next().catch((e: unknown) => e)
    expect(wsError).toBeInstanceOf(LotusAuthError)
    for (const e of [error, wsError])
      expect(JSON.stringify(e) + String(e) + (e as Error).stack).not.toContain(SECRET)
  })

  it('a token without the permission is ERR_LOTUS_AUTH (permission), as Lotus reports it', async () => {
    const { world, devnet, connect } = await lotusWorld()
    const reader = connect({ token: devnet.createToken(['read']) })
    expect((await reader.chainHead()).height).toBe(0)
    const error = await reader.walletSign(world.client, new Uint8Array([1])).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LotusAuthError)
    expect(error).toHaveProperty('reason', 'permission')
    expect((error as Error).message).toContain("(need 'sign')")
  })

  it('an unreachable node is ERR_LOTUS_TRANSPORT naming the endpoint without credentials', async () => {
    const closed = createLotusChain({ url: `http://127.0.0.1:1/rpc/v1?token=${SECRET}` })
    const error = await closed.chainHead().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LotusTransportError)
    expect(error).toHaveProperty('endpoint', 'http://127.0.0.1:1/rpc/v1')
    expect((error as Error).message).not.toContain(SECRET)
    closed.close()
  })

  it('an answer that is not JSON-RPC is ERR_LOTUS_TRANSPORT with the HTTP status', async () => {
    for (const [status, body] of [
      [502, '<html>bad gateway</html>'],
      [200, '{"jsonrpc":"2.0","id":999,"result":1}'],
    ] as const) {
      const node = await misbehavingNode(answer(status, body))
      const lotus = createLotusChain({ url: node.url })
      const error = await lotus.chainHead().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(LotusTransportError)
      expect(error).toHaveProperty('status', status)
      lotus.close()
    }
  })

  it('maps a JSON-RPC protocol error to ERR_LOTUS_PROTOCOL with its reason', async () => {
    const body =
      '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"method \'Filecoin.ChainHead\' not found"}}'
    const node = await misbehavingNode(answer(500, body))
    const lotus = createLotusChain({ url: node.url })
    const error = await lotus.chainHead().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LotusProtocolError)
    expect(error).toMatchObject({ reason: 'method-not-found', rpcCode: -32601, method: 'ChainHead' })
    lotus.close()
  })

  it('a call with no answer within its limit is ERR_LOTUS_TIMEOUT, on the injected clock', async () => {
    const node = await misbehavingNode(hang)
    const clock = new VirtualClock()
    const lotus = createLotusChain({ url: node.url, timeoutMs: 5_000 }, { clock })
    const call = lotus.chainHead().catch((e: unknown) => e)
    while (node.requests() === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await clock.advance(4_999)
    await clock.advance(1)
    const error = await call
    expect(error).toBeInstanceOf(LotusTimeoutError)
    expect(error).toMatchObject({ method: 'ChainHead', timeoutMs: 5_000 })
    lotus.close()
  })

  it('aborting a call rejects it with ERR_ABORTED, before it is sent or while it is in flight', async () => {
    const node = await misbehavingNode(hang)
    const lotus = createLotusChain({ url: node.url })
    await expect(lotus.chainHead({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
    expect(node.requests()).toBe(0)
    const controller = new AbortController()
    const call = lotus.chainHead({ signal: controller.signal })
    while (node.requests() === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    await expect(call).rejects.toBeInstanceOf(AbortError)
    lotus.close()
  })

  it('a WebSocket call waiting on the node is cancelled when aborted, and the node stops waiting', async () => {
    const { world, devnet, lotus } = await lotusWorld()
    const pushed = await world.chain.mpoolPushMessage(sendMessage(world.client, world.client2, 1n))
    const controller = new AbortController()
    const waiting = lotus.stateWaitMsg(pushed.cid, 50, { signal: controller.signal })
    await lotus.idle()
    expect(devnet.requestsInFlight).toBe(1)
    controller.abort()
    await expect(waiting).rejects.toBeInstanceOf(AbortError)
    await lotus.idle()
    expect(devnet.requestsInFlight).toBe(0)
  })
})
