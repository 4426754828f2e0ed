/**
 * A provider and a client as two `fildeal` processes on one machine, over real libp2p and an HTTP
 * pull (mk/1.2) or a libp2p push (mk/1.1.1), both on a devnet served from this test process:
 * `provider run` in the background, `client query-ask` and `client deal` against it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HEAD } from '../../src/adapters/chain.ts'
import { type Devnet, startDevnet } from '../../src/adapters/devnet/index.ts'
import { main } from '../../src/cli/main.ts'
import { captureIo } from './capture.ts'

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url))

/** A `fildeal` child process and what it printed so far. */
interface Fildeal {
  readonly child: ChildProcessWithoutNullStreams
  readonly out: string[]
  readonly err: string[]
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
  /** Resolves with the first line starting with `prefix`; rejects if the process exits first. */
  line(prefix: string): Promise<string>
}

const children: Fildeal[] = []

function fildeal(args: readonly string[]): Fildeal {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LOTUS_API_TOKEN: '' },
  })
  const out: string[] = []
  const err: string[] = []
  let wake = (): void => undefined
  const collect = (into: string[]) => {
    let buffered = ''
    return (chunk: Buffer) => {
      buffered += String(chunk)
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      into.push(...parts)
      wake()
    }
  }
  child.stdout.on('data', collect(out))
  child.stderr.on('data', collect(err))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  void exited.then(() => wake())
  const line = async (prefix: string): Promise<string> => {
    for (;;) {
      const found = out.find((text) => text.startsWith(prefix))
      if (found !== undefined) return found
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`fildeal ${args[0]} ${args[1]} exited (${child.exitCode}): ${err.join(' ')}`)
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  }
  const running = { child, out, err, exited, line }
  children.push(running)
  return running
}

let devnet: Devnet
let dir: string
let provider: Fildeal
let providerAddress: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-two-process-'))
  // Epochs pass on their own, fast enough for confidences of 5 and 10 epochs to take little time.
  devnet = await startDevnet({ msPerEpoch: 100 })
  const lotus = ['--lotus-url', devnet.url, '--lotus-token', devnet.token]
  provider = fildeal([
    'provider',
    'run',
    '--listen',
    '/ip4/127.0.0.1/tcp/0',
    '--store',
    join(dir, 'provider'),
    ...lotus,
    '--start-buffer',
    '10',
    '--min-duration',
    '10',
    '--max-duration',
    '100000',
    '--publish-period',
    '100',
  ])
  providerAddress = (await provider.line('listen: ')).slice('listen: '.length)
}, 60_000)

afterAll(async () => {
  for (const running of children) if (running.child.exitCode === null) running.child.kill('SIGTERM')
  await Promise.all(children.map((running) => running.exited))
  await devnet?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
}, 30_000)

describe('fildeal provider run and fildeal client over libp2p, two processes on a devnet', () => {
  it('prints the provider multiaddr with its peer id and miner', async () => {
    const peer = (await provider.line('peer: ')).slice('peer: '.length)
    expect(providerAddress).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//)
    expect(providerAddress.endsWith(`/p2p/${peer}`)).toBe(true)
    expect(await provider.line('miner: ')).toBe(`miner: ${devnet.accounts?.miner}`)
  })

  it('answers client query-ask with its signed ask', async () => {
    // Run in this process: the provider is the other process, and one child less keeps the test short.
    const ask = captureIo()
    const code = await main(
      ['client', 'query-ask', providerAddress, '--lotus-url', devnet.url, '--lotus-token', devnet.token],
      ask.io,
    )
    expect({ code, err: ask.err }).toEqual({ code: 0, err: [] })
    const row = ask.out.find((text) => text.startsWith(String(devnet.accounts?.miner)))
    expect(row).toBeDefined()
    expect(row).toContain('0.0000000005 FIL')
  }, 60_000)

  /** `fildeal client deal` against the provider, with this test's chain and deal terms. */
  const clientDeal = (file: string, store: string, wallet: string, extra: readonly string[]): Fildeal =>
    fildeal([
      'client',
      'deal',
      '--provider',
      providerAddress,
      '--file',
      file,
      '--store',
      join(dir, store),
      '--lotus-url',
      devnet.url,
      '--lotus-token',
      devnet.token,
      '--wallet',
      wallet,
      '--duration',
      '200',
      '--start-offset',
      '3000',
      '--poll-interval',
      '300',
      ...extra,
    ])

  it('takes a deal from client deal over mk/1.2 with an HTTP pull until it is active on chain', async () => {
    const file = join(dir, 'payload.bin')
    await writeFile(
      file,
      new Uint8Array(100_000).map((_, i) => (i * 7) % 251),
    )
    const client = devnet.accounts?.clients[0]
    if (client === undefined) throw new Error('no client account')
    const deal = clientDeal(file, 'client', client.toString(), ['--until', 'active'])
    const code = await deal.exited
    expect({ code, err: deal.err }).toEqual({ code: 0, err: [] })
    expect(deal.out).toContain('protocol: mk/1.2')
    expect(deal.out.some((text) => /^uuid: [0-9a-f-]{36}$/.test(text))).toBe(true)
    const states = deal.out.filter((text) => text.startsWith('state: ')).map((text) => text.split(' ')[1])
    expect(states.at(-1)).toBe('StorageDealActive')
    expect(states).toContain('StorageDealAwaitingPreCommit')
    expect(states).toContain('StorageDealCheckForAcceptance')
    const dealLine = deal.out.find((text) => text.startsWith('deal: '))
    const dealId = BigInt(dealLine?.slice('deal: '.length) ?? '0')
    expect(dealId).toBeGreaterThan(0n)
    // The published deal on chain is the one proposed: this client, this miner, the file's piece.
    const onChain = await devnet.chain.stateMarketStorageDeal(dealId, HEAD)
    const piece = deal.out.find((text) => text.startsWith('piece: '))?.split(' ')[1]
    expect(onChain.proposal.PieceCID.toString()).toBe(piece)
    // The chain keeps the client as its ID address.
    const clientKey = await devnet.chain.stateAccountKey(onChain.proposal.Client, HEAD)
    expect(clientKey.toString()).toBe(client.toString())
    expect(onChain.proposal.Provider.toString()).toBe(String(devnet.accounts?.miner))
    expect(onChain.state.sectorStartEpoch).toBeGreaterThan(0)
  }, 90_000)

  it('takes a deal from client deal over mk/1.1.1 with a libp2p push until it is published', async () => {
    const file = join(dir, 'payload-mk11.bin')
    await writeFile(
      file,
      new Uint8Array(70_000).map((_, i) => (i * 13) % 251),
    )
    const client = devnet.accounts?.clients[1] ?? devnet.accounts?.clients[0]
    if (client === undefined) throw new Error('no client account')
    const deal = clientDeal(file, 'client-mk11', client.toString(), [
      '--protocol',
      'mk11',
      '--until',
      'published',
    ])
    const code = await deal.exited
    expect({ code, err: deal.err }).toEqual({ code: 0, err: [] })
    expect(deal.out).toContain('protocol: mk/1.1')
    expect(deal.out.some((text) => text.startsWith('uuid: '))).toBe(false)
    const states = deal.out.filter((text) => text.startsWith('state: ')).map((text) => text.split(' ')[1])
    // The client pushed the data: its deal went through the transfer states of go-fil-markets.
    expect(states).toContain('StorageDealTransferring')
    expect(deal.out.some((text) => text.startsWith('deal: '))).toBe(true)
  }, 90_000)

  it('stops the provider cleanly on SIGTERM', async () => {
    provider.child.kill('SIGTERM')
    expect(await provider.exited).toBe(0)
    expect(provider.err).toEqual([])
  }, 30_000)
})
