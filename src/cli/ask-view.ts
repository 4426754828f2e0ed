/**
 * A signed storage ask as a one-row table, with the columns `lotus-miner storage-deals get-ask`
 * prints.
 *
 * @module
 */

import { formatFil, type SignedStorageAsk } from '../market/index.ts'
import { formatSize, table } from './format.ts'

/** The ask's table, or a line saying there is none. */
export function askLines(signed: SignedStorageAsk | undefined): string[] {
  const ask = signed?.Ask
  if (ask === null || ask === undefined) return ['no ask']
  return table(
    [
      { title: 'Miner' },
      { title: 'Price per GiB/Epoch', align: 'right' },
      { title: 'Verified', align: 'right' },
      { title: 'Min. Piece Size (padded)', align: 'right' },
      { title: 'Max. Piece Size (padded)', align: 'right' },
      { title: 'Expiry (Epoch)', align: 'right' },
      { title: 'Seq. No.', align: 'right' },
    ],
    [
      [
        ask.Miner.toString(),
        formatFil(ask.Price),
        formatFil(ask.VerifiedPrice),
        formatSize(ask.MinPieceSize),
        formatSize(ask.MaxPieceSize),
        String(ask.Expiry),
        String(ask.SeqNo),
      ],
    ],
  )
}
