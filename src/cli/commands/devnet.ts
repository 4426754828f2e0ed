/**
 * `fildeal devnet`: the simulated chain served over Lotus JSON-RPC (HTTP and WebSocket) on a
 * loopback address, so several processes (clients, providers, tools speaking Lotus's API) share
 * one chain. Runs until interrupted.
 *
 * @module
 */

import { LevelDatastore } from 'datastore-level'
import { startDevnet } from '../../adapters/devnet/index.ts'
import { defineCommand } from '../command.ts'
import { UsageError } from '../errors.ts'
import { LOTUS_TOKEN_FLAG, lotusToken } from '../lotus-flags.ts'
import { parseInteger, parsePositive } from '../values.ts'

/** Starts a devnet, prints its endpoints, token and accounts, and serves until the signal aborts. */
export const devnetCommand = defineCommand({
  name: 'devnet',
  summary: 'serve a simulated chain over Lotus JSON-RPC on a loopback address',
  details:
    'Epochs advance every --ms-per-epoch milliseconds, or on request (Devnet.Advance) without it.\n' +
    'With --lotus-token (or LOTUS_API_TOKEN) the devnet accepts that token with every permission and\n' +
    'does not print it; otherwise it prints the admin token it generated.',
  flags: {
    listen: {
      kind: 'value',
      placeholder: 'HOST:PORT',
      description: 'loopback address to listen on (default 127.0.0.1:1234)',
    },
    store: {
      kind: 'value',
      placeholder: 'DIR',
      description: 'keep the chain in DIR and resume it from there',
    },
    'ms-per-epoch': {
      kind: 'value',
      placeholder: 'MS',
      description: 'advance one epoch every MS milliseconds',
    },
    'lotus-token': {
      ...LOTUS_TOKEN_FLAG,
      description: 'admin token to accept (default: LOTUS_API_TOKEN, else one generated and printed)',
    },
  },
  positionals: [],
  async run(args, io) {
    const listen = parseListen((args.flags.listen as string | undefined) ?? '127.0.0.1:1234')
    const msText = args.flags['ms-per-epoch'] as string | undefined
    const msPerEpoch = msText === undefined ? undefined : parsePositive('--ms-per-epoch', msText)
    const dir = args.flags.store as string | undefined
    const token = lotusToken(args.flags['lotus-token'] as string | undefined, process.env)
    const store = dir === undefined ? undefined : new LevelDatastore(dir)
    await store?.open()
    const devnet = await startDevnet({
      listen,
      ...(store === undefined ? {} : { store }),
      ...(msPerEpoch === undefined ? {} : { msPerEpoch }),
      ...(token === undefined ? {} : { token }),
    })
    try {
      io.out(`url: ${devnet.url}`)
      io.out(`ws: ${devnet.wsUrl}`)
      // A token the user chose is theirs to keep: only a generated one is shown.
      io.out(`token: ${token === undefined ? devnet.token : '(the one given)'}`)
      const accounts = devnet.accounts
      if (accounts !== undefined) {
        io.out(`miner: ${accounts.miner} (worker ${accounts.worker})`)
        io.out(`clients: ${accounts.clients.map(String).join(', ')}`)
      }
      await untilAborted(io.signal)
      return 0
    } finally {
      await devnet.close()
      await store?.close()
    }
  },
})

function parseListen(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(':')
  if (at <= 0) throw new UsageError('bad-value', `--listen: expected HOST:PORT, got ${text}`)
  return { host: text.slice(0, at), port: parseInteger('--listen port', text.slice(at + 1), 0, 65_535) }
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  // Without a signal (no way to stop it) the command would never return: serve nothing.
  if (signal === undefined || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
