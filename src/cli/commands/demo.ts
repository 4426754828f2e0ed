/**
 * `fildeal demo`: deals made end to end on the embedded market, the default of `npm start`.
 *
 * @module
 */

import { type DemoResult, runDemo } from '../../embedded/index.ts'
import { AbortError } from '../../errors.ts'
import { defineCommand } from '../command.ts'
import { dealTable, progressCounts, progressText, summaryLine } from '../demo-report.ts'
import { UsageError } from '../errors.ts'
import { formatSize } from '../format.ts'
import { LOTUS_TOKEN_FLAG, LOTUS_URL_FLAG, lotusServeAddress, lotusToken } from '../lotus-flags.ts'
import { ProgressLine } from '../progress.ts'
import { storedRun } from '../store.ts'
import { parseByteSize, parseInteger, parsePositive } from '../values.ts'

/** Deals made unless `--deals` says otherwise. */
export const DEFAULT_DEMO_DEALS = 10
/** Bytes of each generated file unless `--size` says otherwise. */
export const DEFAULT_DEMO_SIZE = 4_096
/** Seed of the generated files and keys unless `--seed` says otherwise. */
export const DEFAULT_DEMO_SEED = 1
/** In a log, the least number of progress updates between two printed lines. */
export const LOG_PROGRESS_EVERY = 25

/** Keeps the demo a demo: the files are generated in memory. */
const MAX_DEALS = 1_000
const MAX_SIZE = 1 << 30

/** Runs the embedded demo and reports every deal's outcome. */
export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'run deals end to end on the embedded market (simulated chain, provider and client)',
  details:
    'Generated files are imported, their piece CIDs computed and proposed as deals; each deal goes\n' +
    'through transfer, publication, sealing and activation, and the virtual clock runs on until\n' +
    'every deal expired. With --store the run is kept in DIR: after an interruption the same command\n' +
    'finishes the unfinished deals instead of starting new ones, and the client and provider\n' +
    'commands can read it. With --lotus-url the chain is served over Lotus JSON-RPC at that loopback\n' +
    'address (a devnet) and the client and provider reach it through the Lotus chain adapter, as\n' +
    'separate processes would; other tools can follow it there with --lotus-token (or\n' +
    'LOTUS_API_TOKEN) as the token. Without a token one is generated and never shown.',
  flags: {
    deals: { kind: 'value', placeholder: 'N', description: `deals to make (default ${DEFAULT_DEMO_DEALS})` },
    size: {
      kind: 'value',
      placeholder: 'BYTES',
      description: `size of each file, e.g. 4096 or 64KiB (default ${formatSize(DEFAULT_DEMO_SIZE)})`,
    },
    store: { kind: 'value', placeholder: 'DIR', description: 'keep the run in DIR, resuming what it holds' },
    speed: {
      kind: 'value',
      placeholder: 'X',
      description: 'at most X epochs per second, to watch (default: as fast as possible)',
    },
    seed: {
      kind: 'value',
      placeholder: 'S',
      description: `seed of the files and keys (default ${DEFAULT_DEMO_SEED})`,
    },
    'lotus-url': {
      ...LOTUS_URL_FLAG,
      required: false,
      description: 'serve the chain at this loopback http:// or ws:// address (path /rpc/v1, explicit port)',
    },
    'lotus-token': {
      ...LOTUS_TOKEN_FLAG,
      description: 'token the served chain accepts (default: LOTUS_API_TOKEN)',
    },
  },
  positionals: [],
  async run(args, io) {
    const { flags } = args
    const deals =
      flags.deals === undefined ? DEFAULT_DEMO_DEALS : parseInteger('--deals', flags.deals, 1, MAX_DEALS)
    const size = flags.size === undefined ? DEFAULT_DEMO_SIZE : parseByteSize('--size', flags.size)
    if (size < 1 || size > MAX_SIZE)
      throw new UsageError('bad-value', `--size must be from 1 byte to ${formatSize(MAX_SIZE)}`)
    const speed = flags.speed === undefined ? undefined : parsePositive('--speed', flags.speed)
    const seed =
      flags.seed === undefined ? DEFAULT_DEMO_SEED : parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1)
    const store = flags.store
    const lotusUrl = flags['lotus-url']
    const served = lotusUrl === undefined ? undefined : lotusServeAddress(lotusUrl)
    const token = served === undefined ? undefined : lotusToken(flags['lotus-token'], process.env)

    const found = store === undefined ? undefined : await storedRun(store)
    const resuming = found !== undefined && found.unfinished > 0
    if (resuming) {
      io.out(
        `Resuming the unfinished run stored in ${store}: ${found.unfinished} of ${found.deals} deals to finish, ` +
          'no new deals beyond its own (--deals, --size and --seed apply to new runs only)',
      )
    } else {
      const where = store === undefined ? 'in memory' : `stored in ${store}`
      io.out(`Embedded demo: ${deals} deals of ${formatSize(size)} each, ${where}`)
    }
    if (served !== undefined) {
      const given = token === undefined ? 'a generated token, not shown' : 'the token given'
      io.out(`Chain served over Lotus JSON-RPC at ${served.url} (${given})`)
    }
    const progress = new ProgressLine(io, LOG_PROGRESS_EVERY)
    let result: DemoResult
    try {
      result = await runDemo({
        deals,
        size,
        seed,
        ...(store === undefined ? {} : { store }),
        ...(served === undefined
          ? {}
          : { chain: { devnet: { listen: served.listen, ...(token === undefined ? {} : { token }) } } }),
        ...(speed === undefined ? {} : { msPerStep: 1_000 / speed }),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
        onProgress: (p) => progress.update(progressText(p), progressCounts(p)),
      })
    } catch (error) {
      progress.finish()
      if (io.signal?.aborted === true || error instanceof AbortError) {
        const next =
          store === undefined ? 'nothing was stored' : `run the same command to resume from ${store}`
        throw new AbortError(`stopped before the deals finished; ${next}`, { cause: error })
      }
      throw error
    }
    progress.finish()
    // The store is read before the run, but only the run knows for sure whether it resumed.
    if (result.resumed && !resuming) io.out(`Resumed the unfinished run stored in ${store}.`)
    if (result.resumed && result.proposed > 0) {
      io.out(`Proposed the ${result.proposed} deals the stored run had not proposed yet.`)
    }
    io.out(['', ...dealTable(result.summary), '', summaryLine(result)].join('\n'))
    if (result.summary.lockedTotal !== 0n) {
      io.err('fildeal: escrow is still locked after every deal finished')
      return 1
    }
    return 0
  },
})
