import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lotusEndpoints, lotusToken } from '../../src/cli/lotus-flags.ts'
import { main } from '../../src/cli/main.ts'
import { captureIo, fieldValue } from './capture.ts'

/** Starts `fildeal devnet` in the background; resolves once it printed its endpoints. */
async function startDevnetCommand(
  extra: string[] = [],
): Promise<{ url: string; token: string; stop: () => Promise<number> }> {
  const controller = new AbortController()
  const captured = captureIo({ signal: controller.signal })
  const running = main(['devnet', '--listen', '127.0.0.1:0', ...extra], captured.io)
  for (let i = 0; i < 500 && fieldValue(captured.out, 'token') === undefined; i++) {
    const early = await Promise.race([
      running,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 10)),
    ])
    if (early !== undefined) throw new Error(`devnet exited with ${early}: ${captured.err.join(' ')}`)
  }
  const url = fieldValue(captured.out, 'url')
  const token = fieldValue(captured.out, 'token')
  if (url === undefined || token === undefined) throw new Error('devnet printed no endpoint')
  expect(fieldValue(captured.out, 'ws')).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//)
  return {
    url,
    token,
    stop: async () => {
      controller.abort()
      return running
    },
  }
}

describe('fildeal devnet and chain head', () => {
  it('serves a chain over Lotus JSON-RPC that `chain head` reads, then stops on abort', async () => {
    const devnet = await startDevnetCommand()
    try {
      const head = captureIo()
      expect(
        await main(['chain', 'head', '--lotus-url', devnet.url, '--lotus-token', devnet.token], head.io),
      ).toBe(0)
      expect(head.err).toEqual([])
      expect(fieldValue(head.out, 'height')).toMatch(/^\d+$/)
      expect(head.out.some((line) => line.startsWith('bafy'))).toBe(true)
      const viaWs = captureIo()
      const wsUrl = devnet.url.replace(/^http/, 'ws')
      expect(
        await main(['chain', 'head', '--lotus-url', wsUrl, '--lotus-token', devnet.token], viaWs.io),
      ).toBe(0)
    } finally {
      expect(await devnet.stop()).toBe(0)
    }
  })

  it('keeps the chain in --store and resumes it at the same head', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fildeal-devnet-'))
    try {
      const first = await startDevnetCommand(['--store', dir])
      const before = captureIo()
      await main(['chain', 'head', '--lotus-url', first.url, '--lotus-token', first.token], before.io)
      expect(await first.stop()).toBe(0)
      const second = await startDevnetCommand(['--store', dir])
      const after = captureIo()
      await main(['chain', 'head', '--lotus-url', second.url, '--lotus-token', second.token], after.io)
      expect(await second.stop()).toBe(0)
      expect(fieldValue(after.out, 'height')).toBe(fieldValue(before.out, 'height'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects bad addresses and URLs with exit 2, and an unreachable node with exit 1, one line each', async () => {
    for (const argv of [
      ['devnet', '--listen', 'nowhere'],
      ['devnet', '--listen', '127.0.0.1:99999'],
      ['devnet', '--ms-per-epoch', '-5'],
      ['chain', 'head', '--lotus-url', 'ftp://127.0.0.1/rpc/v1'],
      ['chain', 'head', '--lotus-url', 'not a url'],
      ['chain', 'head'],
    ]) {
      const captured = captureIo()
      expect(await main(argv, captured.io), argv.join(' ')).toBe(2)
      expect(captured.err).toHaveLength(1)
    }
    const unreachable = captureIo()
    expect(await main(['chain', 'head', '--lotus-url', 'http://127.0.0.1:1/rpc/v1'], unreachable.io)).toBe(1)
    expect(unreachable.err).toHaveLength(1)
    expect(unreachable.err[0]).toMatch(/^fildeal: /)
  })

  it('derives both endpoints from either scheme, and takes the token from the environment', () => {
    expect(lotusEndpoints('ws://127.0.0.1:1234/rpc/v1')).toEqual({
      url: 'http://127.0.0.1:1234/rpc/v1',
      wsUrl: 'ws://127.0.0.1:1234/rpc/v1',
    })
    expect(lotusEndpoints('https://node.example/rpc/v1').wsUrl).toBe('wss://node.example/rpc/v1')
    expect(lotusToken(undefined, { LOTUS_API_TOKEN: 'from-env' })).toBe('from-env')
    expect(lotusToken('flag', { LOTUS_API_TOKEN: 'from-env' })).toBe('flag')
    expect(lotusToken(undefined, {})).toBeUndefined()
  })
})
