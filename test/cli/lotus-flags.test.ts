import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { lotusServeAddress } from '../../src/cli/lotus-flags.ts'
import { main } from '../../src/cli/main.ts'
import { captureIo, fieldValue } from './capture.ts'

const TOKEN = 'a-secret-token-never-printed'

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

function printed(captured: { out: string[]; err: string[] }): string {
  return [...captured.out, ...captured.err].join('\n')
}

describe('--lotus-url for a served chain', () => {
  it('takes a loopback http:// or ws:// address with a port and /rpc/v1, and keeps no credentials', () => {
    expect(lotusServeAddress('ws://127.0.0.1:4321/rpc/v1')).toEqual({
      url: 'http://127.0.0.1:4321/rpc/v1',
      listen: { host: '127.0.0.1', port: 4321 },
    })
    expect(lotusServeAddress('http://user:pw@localhost:8080/rpc/v1?token=x').url).toBe(
      'http://localhost:8080/rpc/v1',
    )
    expect(lotusServeAddress('http://[::1]:1234/rpc/v1').listen).toEqual({ host: '::1', port: 1234 })
  })

  it.each([
    ['https://127.0.0.1:1234/rpc/v1', 'TLS'],
    ['wss://127.0.0.1:1234/rpc/v1', 'TLS'],
    ['http://10.0.0.1:1234/rpc/v1', 'loopback'],
    ['http://127.0.0.1/rpc/v1', 'port'],
    ['http://127.0.0.1:1234/rpc/v0', '/rpc/v1'],
    ['ftp://127.0.0.1:1234/rpc/v1', 'http(s)'],
  ])('fildeal demo refuses --lotus-url %s (exit 2, says %s)', async (url, says) => {
    const captured = captureIo()
    expect(await main(['demo', '--deals', '1', '--lotus-url', url], captured.io)).toBe(2)
    expect(captured.err.join(' ')).toContain(says)
  })
})

describe('fildeal demo --lotus-url', () => {
  it('serves its chain over Lotus JSON-RPC, where `chain head` reads it, and never prints the token', async () => {
    const url = `http://127.0.0.1:${await freePort()}/rpc/v1`
    const demo = captureIo()
    const running = main(
      ['demo', '--deals', '1', '--size', '512B', '--lotus-url', url, '--lotus-token', TOKEN],
      demo.io,
    )
    let finished = false
    void running.finally(() => {
      finished = true
    })
    // While the deal runs, another command follows the chain through the endpoint.
    const heights: number[] = []
    while (!finished && heights.length < 2) {
      const head = captureIo()
      if ((await main(['chain', 'head', '--lotus-url', url, '--lotus-token', TOKEN], head.io)) === 0)
        heights.push(Number(fieldValue(head.out, 'height')))
      else await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await running).toBe(0)
    expect(heights.length).toBeGreaterThan(0)
    expect(demo.out).toContain(`Chain served over Lotus JSON-RPC at ${url} (the token given)`)
    expect(demo.out.at(-1)).toMatch(/^1 deal: 1 Expired; escrow locked: 0 FIL/)
    expect(printed(demo)).not.toContain(TOKEN)
    // The demo is over: nothing listens there any more.
    const after = captureIo()
    expect(await main(['chain', 'head', '--lotus-url', url, '--lotus-token', TOKEN], after.io)).toBe(1)
  })

  it('takes the token from LOTUS_API_TOKEN, and without any generates one it does not show', async () => {
    const saved = process.env.LOTUS_API_TOKEN
    /** Starts the demo, waits until it serves its chain, stops it; resolves with what it printed. */
    const served = async () => {
      const url = `http://127.0.0.1:${await freePort()}/rpc/v1`
      const controller = new AbortController()
      const captured = captureIo({ signal: controller.signal })
      const running = main(['demo', '--deals', '1', '--size', '256B', '--lotus-url', url], captured.io)
      for (let i = 0; i < 500 && !captured.out.some((line) => line.startsWith('Chain served')); i++)
        await new Promise((resolve) => setTimeout(resolve, 10))
      controller.abort()
      expect(await running).toBe(1)
      return { url, text: printed(captured), line: captured.out[1] }
    }
    try {
      process.env.LOTUS_API_TOKEN = TOKEN
      const fromEnv = await served()
      expect(fromEnv.line).toBe(`Chain served over Lotus JSON-RPC at ${fromEnv.url} (the token given)`)
      expect(fromEnv.text).not.toContain(TOKEN)
      delete process.env.LOTUS_API_TOKEN
      const generated = await served()
      expect(generated.line).toBe(
        `Chain served over Lotus JSON-RPC at ${generated.url} (a generated token, not shown)`,
      )
      // The devnet's generated tokens are JWTs: none appears.
      expect(generated.text).not.toMatch(/eyJ/)
    } finally {
      if (saved === undefined) delete process.env.LOTUS_API_TOKEN
      else process.env.LOTUS_API_TOKEN = saved
    }
  })
})

describe('fildeal devnet --lotus-token', () => {
  it('accepts the given token, says so without printing it, and `chain head` reads with it', async () => {
    const controller = new AbortController()
    const devnet = captureIo({ signal: controller.signal })
    const running = main(['devnet', '--listen', '127.0.0.1:0', '--lotus-token', TOKEN], devnet.io)
    for (let i = 0; i < 500 && fieldValue(devnet.out, 'token') === undefined; i++)
      await new Promise((resolve) => setTimeout(resolve, 10))
    try {
      expect(fieldValue(devnet.out, 'token')).toBe('(the one given)')
      const url = fieldValue(devnet.out, 'url') as string
      const head = captureIo()
      expect(await main(['chain', 'head', '--lotus-url', url, '--lotus-token', TOKEN], head.io)).toBe(0)
      const refused = captureIo()
      expect(await main(['chain', 'head', '--lotus-url', url, '--lotus-token', 'wrong'], refused.io)).toBe(1)
      expect(printed(refused)).not.toContain('wrong')
    } finally {
      controller.abort()
      expect(await running).toBe(0)
    }
    expect(printed(devnet)).not.toContain(TOKEN)
  })
})
