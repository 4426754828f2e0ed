/**
 * `fildeal provider set-ask`: replaces the provider's ask, like `lotus-miner storage-deals set-ask`.
 *
 * @module
 */

import { DEFAULT_ASK_DURATION } from '../../market/index.ts'
import { askLines } from '../ask-view.ts'
import { defineCommand } from '../command.ts'
import { UsageError } from '../errors.ts'
import { withMarket } from '../store.ts'
import { parseFilValue, parsePieceSize } from '../values.ts'
import { STORE_FLAG } from './shared.ts'

/** Signs, stores and prints a new ask; its sequence number is one more than the previous one. */
export const providerSetAskCommand = defineCommand({
  name: 'provider set-ask',
  summary: "replace the provider's ask (signed and stored; the sequence number goes up)",
  details:
    'Prices are per GiB per epoch, in FIL unless a unit is given (e.g. 0.0000000005 or 500 nFIL).\n' +
    'Sizes are padded piece sizes such as 256B, 2KiB or 32GiB; an omitted size keeps its current value.\n' +
    'The new ask lasts as long as the current one did.',
  flags: {
    store: STORE_FLAG,
    price: { kind: 'value', placeholder: 'FIL', description: 'price per GiB per epoch', required: true },
    'verified-price': {
      kind: 'value',
      placeholder: 'FIL',
      description: 'price per GiB per epoch of verified deals',
      required: true,
    },
    'min-piece-size': { kind: 'value', placeholder: 'SIZE', description: 'smallest piece accepted' },
    'max-piece-size': { kind: 'value', placeholder: 'SIZE', description: 'largest piece accepted' },
  },
  positionals: [],
  async run(args, io) {
    const { flags } = args
    const price = parseFilValue('--price', flags.price as string)
    const verifiedPrice = parseFilValue('--verified-price', flags['verified-price'] as string)
    const min = flags['min-piece-size']
    const max = flags['max-piece-size']
    const minPieceSize = min === undefined ? undefined : parsePieceSize('--min-piece-size', min)
    const maxPieceSize = max === undefined ? undefined : parsePieceSize('--max-piece-size', max)
    if (minPieceSize !== undefined && maxPieceSize !== undefined && minPieceSize > maxPieceSize) {
      throw new UsageError('bad-value', '--min-piece-size must not exceed --max-piece-size')
    }
    const lines = await withMarket(flags.store as string, async (market) => {
      const current = market.provider.getAsk()?.Ask ?? undefined
      const lowest = minPieceSize ?? current?.MinPieceSize
      const highest = maxPieceSize ?? current?.MaxPieceSize
      if (lowest !== undefined && highest !== undefined && lowest > highest) {
        throw new UsageError(
          'bad-value',
          `the piece size range would be empty (${lowest} > ${highest} bytes)`,
        )
      }
      const duration = current === undefined ? undefined : current.Expiry - current.Timestamp
      const signed = await market.provider.setAsk(price, verifiedPrice, duration ?? DEFAULT_ASK_DURATION, {
        ...(minPieceSize === undefined ? {} : { minPieceSize }),
        ...(maxPieceSize === undefined ? {} : { maxPieceSize }),
      })
      return askLines(signed)
    })
    io.out(lines.join('\n'))
    return 0
  },
})
