/**
 * `fildeal provider run`: a storage provider as a long-running process on a Lotus node (or a
 * `fildeal devnet`), serving the market protocols over libp2p and pulling Boost deals' data over
 * HTTP. Prints its multiaddrs, then runs until interrupted (SIGINT or SIGTERM).
 *
 * @module
 */

import { devnetClient } from '../../adapters/devnet/index.ts'
import type { StorageProviderInit } from '../../provider/index.ts'
import { startProviderProcess } from '../../standalone/provider-process.ts'
import { defineCommand } from '../command.ts'
import { UsageError } from '../errors.ts'
import { LOTUS_TOKEN_FLAG, LOTUS_URL_FLAG } from '../lotus-flags.ts'
import { parseFilValue, parseInteger, parsePositive } from '../values.ts'
import {
  lotusEndpointOf,
  MINER_FLAG,
  PROCESS_STORE_FLAG,
  parseAddressFlag,
  parseMultiaddrFlag,
  untilAborted,
} from './market-process-flags.ts'

/** Runs a provider until the signal aborts. */
export const providerRunCommand = defineCommand({
  name: 'provider run',
  summary: 'run a storage provider serving deals over libp2p until interrupted',
  details:
    'Deals go through the Lotus node at --lotus-url, whose wallet signs for the miner worker\n' +
    '(a token with the sign permission is needed). Published deals are handed to the simulated\n' +
    "miner of a 'fildeal devnet' (Devnet.HandOff, admin token). Boost clients (mk/1.2) are served\n" +
    'with HTTP pull transfers; go-fil-markets (mk/1.1) online deals cannot receive their data here.',
  flags: {
    listen: {
      kind: 'value',
      placeholder: 'MULTIADDR',
      description: 'libp2p address to listen on (default /ip4/127.0.0.1/tcp/0)',
    },
    store: PROCESS_STORE_FLAG,
    'lotus-url': LOTUS_URL_FLAG,
    'lotus-token': LOTUS_TOKEN_FLAG,
    miner: MINER_FLAG,
    price: {
      kind: 'value',
      placeholder: 'FIL',
      description: 'ask price per GiB per epoch, when no ask is stored (default 0.0000000005)',
    },
    'start-buffer': {
      kind: 'value',
      placeholder: 'EPOCHS',
      description: 'least epochs between the head and a deal start (default 480)',
    },
    'min-duration': {
      kind: 'value',
      placeholder: 'EPOCHS',
      description: 'shortest deal accepted (default 518400)',
    },
    'max-duration': {
      kind: 'value',
      placeholder: 'EPOCHS',
      description: 'longest deal accepted (default 1555200)',
    },
    'publish-period': {
      kind: 'value',
      placeholder: 'MS',
      description: 'longest wait to batch deals into one publish message (default 3600000)',
    },
  },
  positionals: [],
  async run(args, io) {
    const flags = args.flags
    const listen = parseMultiaddrFlag(
      '--listen',
      (flags.listen as string | undefined) ?? '/ip4/127.0.0.1/tcp/0',
      false,
    )
    const lotus = lotusEndpointOf(
      flags['lotus-url'] as string,
      flags['lotus-token'] as string | undefined,
      process.env,
    )
    const { token } = lotus
    if (token === undefined)
      throw new UsageError(
        'missing-argument',
        'provider run needs --lotus-token (or LOTUS_API_TOKEN) to sign',
      )
    const minerText = flags.miner as string | undefined
    const miner = minerText === undefined ? undefined : parseAddressFlag('--miner', minerText)
    const provider = providerInit(flags as Readonly<Record<string, string | undefined>>)
    const admin = devnetClient({ url: lotus.url, token })
    const running = await startProviderProcess({
      listen: [listen],
      store: flags.store as string,
      lotus,
      ...(miner === undefined ? {} : { miner }),
      sealer: (chosen) => admin.sealer(chosen),
      provider,
      onError: (error) => io.err(`fildeal: provider: ${error.message.replace(/\s*\n\s*/g, ' ')}`),
    })
    try {
      io.out(`miner: ${running.miner}`)
      io.out(`peer: ${running.peerId}`)
      for (const address of running.multiaddrs) io.out(`listen: ${address}`)
      await untilAborted(io.signal)
      return 0
    } finally {
      await running.stop()
    }
  },
})

function providerInit(flags: Readonly<Record<string, string | undefined>>): StorageProviderInit {
  const price = flags.price === undefined ? undefined : parseFilValue('--price', flags.price)
  const buffer = flags['start-buffer']
  const min = flags['min-duration']
  const max = flags['max-duration']
  const period = flags['publish-period']
  const limits = {
    min: min === undefined ? 518_400 : parsePositive('--min-duration', min),
    max: max === undefined ? 1_555_200 : parsePositive('--max-duration', max),
  }
  if (limits.min > limits.max)
    throw new UsageError('bad-value', `--min-duration ${limits.min} exceeds --max-duration ${limits.max}`)
  return {
    ...(buffer === undefined ? {} : { dealStartBufferEpochs: parseInteger('--start-buffer', buffer, 0) }),
    ...(min === undefined && max === undefined ? {} : { dealDurationLimits: limits }),
    ...(period === undefined
      ? {}
      : { publisher: { publishPeriodMs: parseInteger('--publish-period', period, 0) } }),
    ...(price === undefined ? {} : { ask: { price } }),
  }
}
