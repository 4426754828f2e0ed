/**
 * `fildeal provider list-deals`: the provider's deals in a store, like
 * `lotus-miner storage-deals list`.
 *
 * @module
 */

import { formatFil } from '../../market/index.ts'
import { defineCommand } from '../command.ts'
import { byCreationTime, totalPrice } from '../deals.ts'
import { formatSize, shortStatus, table } from '../format.ts'
import { readStore } from '../store.ts'
import { cidCell, STORE_FLAG, VERBOSE_FLAG } from './shared.ts'

/** Lists every provider deal in the store, oldest first. */
export const providerListDealsCommand = defineCommand({
  name: 'provider list-deals',
  summary: "list the provider's deals in a store",
  flags: { store: STORE_FLAG, verbose: VERBOSE_FLAG },
  positionals: [],
  async run(args, io) {
    const verbose = args.flags.verbose
    const deals = await readStore(args.flags.store as string, (store) => store.providerDeals())
    deals.sort(byCreationTime)
    if (deals.length === 0) {
      io.out('no provider deals')
      return 0
    }
    const rows = deals.map((deal) => [
      cidCell(deal.ProposalCid, verbose),
      String(deal.DealID),
      verbose ? deal.State : shortStatus(deal.State),
      deal.Proposal.Client.toString(),
      formatSize(deal.Proposal.PieceSize),
      formatFil(totalPrice(deal.Proposal)),
      String(deal.Proposal.EndEpoch - deal.Proposal.StartEpoch),
      String(deal.SectorNumber),
      deal.Message,
    ])
    const lines = table(
      [
        { title: 'ProposalCid' },
        { title: 'DealId', align: 'right' },
        { title: 'State' },
        { title: 'Client' },
        { title: 'Size', align: 'right' },
        { title: 'Price', align: 'right' },
        { title: 'Duration', align: 'right' },
        { title: 'Sector', align: 'right' },
        { title: 'Message' },
      ],
      rows,
    )
    io.out(lines.join('\n'))
    return 0
  },
})
