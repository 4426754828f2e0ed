/**
 * `fildeal client deal`: imports a file, proposes a storage deal to a provider over libp2p
 * (Boost's mk/1.2, the provider pulling the data from this process's CAR server, or
 * go-fil-markets' mk/1.1, this process pushing the data over libp2p) and follows the deal until a
 * milestone, like `lotus client deal` followed by `lotus client list-deals --watch`.
 *
 * @module
 */

import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import type { AbortOptions, StorageProviderInfo } from '../../adapters/node.ts'
import type { StorageClient } from '../../client/index.ts'
import { AdapterError } from '../../errors.ts'
import {
  formatDealUuid,
  formatFil,
  type TokenAmount,
  TTGraphsync,
  toUnpaddedSize,
} from '../../market/index.ts'
import { startClientProcess } from '../../standalone/client-process.ts'
import {
  DEAL_MILESTONES,
  type DealMilestone,
  followDeal,
  isDealMilestone,
} from '../../standalone/deal-milestones.ts'
import { chooseMiner } from '../../standalone/lotus-connection.ts'
import { providerTarget } from '../../standalone/provider-target.ts'
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
} from './market-process-flags.ts'

/** Epochs from the head to the deal start by default: Lotus' 49-hour deal start buffer. */
export const DEFAULT_START_OFFSET_EPOCHS = 49 * 120

/** Deal length by default: 180 days, the shortest a mainnet provider takes. */
export const DEFAULT_DEAL_DURATION_EPOCHS = 518_400

const GIB = 1n << 30n

const PROTOCOLS = ['auto', 'mk12', 'mk11'] as const

/** Makes a deal and follows it. */
export const clientDealCommand = defineCommand({
  name: 'client deal',
  summary: 'make a storage deal with a provider over libp2p and follow it',
  details:
    'The file is imported into a CAR under --store and served over HTTP for the provider to pull\n' +
    '(mk/1.2), or pushed to it over libp2p (mk/1.1, fildeal providers only); the Lotus node at\n' +
    '--lotus-url signs for --wallet and pays the escrow. Exits 0 once the deal is --until one of\n' +
    `${DEAL_MILESTONES.join(', ')} (default accepted), 1 if it fails first.`,
  flags: {
    provider: {
      kind: 'value',
      placeholder: 'MULTIADDR',
      description: 'the provider, ending in /p2p/<peer id>',
      required: true,
    },
    file: { kind: 'value', placeholder: 'PATH', description: 'the file to store', required: true },
    store: PROCESS_STORE_FLAG,
    'lotus-url': LOTUS_URL_FLAG,
    'lotus-token': LOTUS_TOKEN_FLAG,
    wallet: {
      kind: 'value',
      placeholder: 'ADDRESS',
      description: 'the paying client address, a key of the Lotus wallet',
      required: true,
    },
    miner: MINER_FLAG,
    price: {
      kind: 'value',
      placeholder: 'FIL',
      description: "price per epoch for the whole piece (default: from the provider's ask)",
    },
    duration: {
      kind: 'value',
      placeholder: 'EPOCHS',
      description: `deal length (default ${DEFAULT_DEAL_DURATION_EPOCHS})`,
    },
    'start-offset': {
      kind: 'value',
      placeholder: 'EPOCHS',
      description: `epochs from the head to the deal start (default ${DEFAULT_START_OFFSET_EPOCHS})`,
    },
    protocol: {
      kind: 'value',
      placeholder: 'auto|mk12|mk11',
      description: 'deal protocol family (default auto: the newest both sides can use)',
    },
    until: {
      kind: 'value',
      placeholder: 'MILESTONE',
      description: `follow the deal until ${DEAL_MILESTONES.join('|')} (default accepted)`,
    },
    'poll-interval': {
      kind: 'value',
      placeholder: 'MS',
      description: "time between polls of the provider's deal state (default 30000)",
    },
  },
  positionals: [],
  async run(args, io) {
    const flags = args.flags as Readonly<Record<string, string | undefined>>
    const provider = parseMultiaddrFlag('--provider', flags.provider ?? '', true)
    const wallet = parseAddressFlag('--wallet', flags.wallet ?? '')
    const given = flags.miner === undefined ? undefined : parseAddressFlag('--miner', flags.miner)
    const price = flags.price === undefined ? undefined : parseFilValue('--price', flags.price)
    const duration =
      flags.duration === undefined
        ? DEFAULT_DEAL_DURATION_EPOCHS
        : parsePositive('--duration', flags.duration)
    const offset =
      flags['start-offset'] === undefined
        ? DEFAULT_START_OFFSET_EPOCHS
        : parseInteger('--start-offset', flags['start-offset'], 0)
    const protocol = flags.protocol ?? 'auto'
    if (!(PROTOCOLS as readonly string[]).includes(protocol))
      throw new UsageError(
        'bad-value',
        `--protocol must be one of ${PROTOCOLS.join(', ')}, got '${protocol}'`,
      )
    const until = flags.until ?? 'accepted'
    if (!isDealMilestone(until))
      throw new UsageError(
        'bad-value',
        `--until must be one of ${DEAL_MILESTONES.join(', ')}, got '${until}'`,
      )
    const poll =
      flags['poll-interval'] === undefined
        ? undefined
        : parsePositive('--poll-interval', flags['poll-interval'])
    const lotus = lotusEndpointOf(flags['lotus-url'] ?? '', flags['lotus-token'], process.env)

    const file = flags.file ?? ''
    // Checked before the store is opened, so a mistyped path leaves nothing behind.
    await access(file, constants.R_OK).catch((error: unknown) => {
      throw new AdapterError(`cannot read ${file}`, { cause: error })
    })
    const options = io.signal === undefined ? {} : { signal: io.signal }
    const running = await startClientProcess({
      store: flags.store ?? '',
      lotus,
      ...(poll === undefined ? {} : { client: { pollingIntervalMs: poll } }),
    })
    try {
      const imported = await running.importFile(file, options)
      io.out(`payload: ${imported.root}`)
      io.out(`piece: ${imported.pieceCid} (${imported.pieceSize} bytes padded)`)
      const miner = await chooseMiner(running.lotus.chain, given, options)
      const info = await providerTarget(
        { chain: running.lotus.chain, network: running.network },
        provider,
        miner,
        options,
      )
      const pricePerEpoch = price ?? (await askPrice(running.client, info, imported.pieceSize, options))
      const head = await running.node.getChainHead(options)
      const startEpoch = head.epoch + offset
      const result = await running.client.proposeStorageDeal(
        {
          client: wallet,
          provider: info,
          data: {
            TransferType: TTGraphsync,
            Root: imported.root,
            PieceCid: imported.pieceCid,
            PieceSize: toUnpaddedSize(imported.pieceSize),
            RawBlockSize: imported.dataSize,
          },
          startEpoch,
          endEpoch: startEpoch + duration,
          pricePerEpoch,
          ...(protocol === 'mk12' ? { protocolFamily: 'mk/1.2' as const } : {}),
          ...(protocol === 'mk11' ? { protocolFamily: 'mk/1.1' as const } : {}),
        },
        options,
      )
      io.out(`proposal: ${result.proposalCid}`)
      io.out(`protocol: ${result.protocolFamily}`)
      if (result.dealUuid !== undefined) io.out(`uuid: ${formatDealUuid(result.dealUuid)}`)
      io.out(`price: ${formatFil(pricePerEpoch)} per epoch, epochs ${startEpoch} to ${startEpoch + duration}`)
      const deal = await followDeal(running.client, result.proposalCid, until as DealMilestone, {
        ...options,
        onState: (current) =>
          io.out(`state: ${current.State}${current.Message === '' ? '' : ` (${current.Message})`}`),
      })
      if (deal.DealID !== 0) io.out(`deal: ${deal.DealID}`)
      return 0
    } finally {
      await running.stop()
    }
  },
})

/** The ask's price per GiB per epoch scaled to the piece, as `lotus client deal` computes it. */
async function askPrice(
  client: StorageClient,
  info: StorageProviderInfo,
  pieceSize: number,
  options: AbortOptions,
): Promise<TokenAmount> {
  const ask = await client.getAsk(info, options)
  return (ask.Price * BigInt(pieceSize)) / GIB
}
