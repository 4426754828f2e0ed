/**
 * `fildeal client list-deals`: the client's deals in a store, like `lotus client list-deals`.
 *
 * @module
 */

import { formatFil } from '../../market/index.ts'
import { defineCommand } from '../command.ts'
import { byCreationTime, totalPrice } from '../deals.ts'
import { formatSize, shortStatus, table } from '../format.ts'
import { readStore } from '../store.ts'
import { cidCell, STORE_FLAG, VERBOSE_FLAG } from './shared.ts'

/** Lists every client deal in the store, oldest first. */
export const clientListDealsCommand = defineCommand({
  name: 'client list-deals',
  summary: "list the client's deals in a store",
  flags: { store: STORE_FLAG, verbose: VERBOSE_FLAG },
  positionals: [],
  async run(args, io) {
    const verbose = args.flags.verbose
    const deals = await readStore(args.flags.store as string, (store) => store.clientDeals())
    deals.sort(byCreationTime)
    if (deals.length === 0) {
      io.out('no client deals')
      return 0
    }
    const rows = deals.map((deal) => [
      cidCell(deal.ProposalCid, verbose),
      String(deal.DealID),
      deal.Proposal.Provider.toString(),
      verbose ? deal.State : shortStatus(deal.State),
      cidCell(deal.Proposal.PieceCID, verbose),
      formatSize(deal.Proposal.PieceSize),
      formatFil(totalPrice(deal.Proposal)),
      String(deal.Proposal.EndEpoch - deal.Proposal.StartEpoch),
      String(deal.Proposal.VerifiedDeal),
      deal.Message,
    ])
    const lines = table(
      [
        { title: 'ProposalCid' },
        { title: 'DealId', align: 'right' },
        { title: 'Provider' },
        { title: 'State' },
        { title: 'PieceCID' },
        { title: 'Size', align: 'right' },
        { title: 'Price', align: 'right' },
        { title: 'Duration', align: 'right' },
        { title: 'Verified' },
        { title: 'Message' },
      ],
      rows,
    )
    io.out(lines.join('\n'))
    return 0
  },
})
