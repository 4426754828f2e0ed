import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { devnetClient, startDevnet } from '../../../src/adapters/devnet/index.ts'

const SCRIPT = fileURLToPath(new URL('./other-process.ts', import.meta.url))

/** Runs other-process.ts; `line(n)` resolves with its n-th JSON output line (from 0). */
function otherProcess(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  onTestFinished(() => {
    child.kill()
  })
  const lines: unknown[] = []
  let buffered = ''
  let errors = ''
  let wake = (): void => undefined
  child.stdout.on('data', (chunk) => {
    buffered += String(chunk)
    const parts = buffered.split('\n')
    buffered = parts.pop() ?? ''
    for (const part of parts) lines.push(JSON.parse(part))
    wake()
  })
  child.stderr.on('data', (chunk) => {
    errors += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  void exited.then(() => wake())
  const line = async (index: number): Promise<unknown> => {
    while (lines.length <= index) {
      if (child.exitCode !== null)
        throw new Error(`the other process exited with ${child.exitCode}: ${errors}`)
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
    return lines[index]
  }
  return { line, exited }
}

describe('a devnet shared with another process', () => {
  it('serves a client in another Node process: subscription, escrow message and its wait', async () => {
    const devnet = await startDevnet()
    onTestFinished(() => devnet.close())
    const client = devnet.accounts?.clients[0]
    if (client === undefined) throw new Error('no client account')
    const other = otherProcess([devnet.url, devnet.token, client.toString()])
    expect(await other.line(0)).toEqual({ ready: true, head: 0 })
    expect(devnet.headSubscriptions).toBe(1)
    await devnetClient({ url: devnet.url, token: devnet.token }).advance(2)
    expect(await other.line(1)).toEqual({ exitCode: 0, escrow: '1' })
    expect(await other.exited).toBe(0)
    // Bounded by the test's timeout: the devnet closes the channel once it sees the socket go.
    while (devnet.headSubscriptions > 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(devnet.headSubscriptions).toBe(0)
  })
})
