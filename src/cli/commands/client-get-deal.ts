/**
 * `fildeal client get-deal <proposal-cid>`: one client deal in full, like `lotus client get-deal`.
 *
 * @module
 */

import { defineCommand } from '../command.ts'
import { dealFields, stageLines } from '../deal-view.ts'
import { readStore } from '../store.ts'
import { parseCid } from '../values.ts'
import { STORE_FLAG } from './shared.ts'

/** Prints every field of one client deal and its deal-stage log. */
export const clientGetDealCommand = defineCommand({
  name: 'client get-deal',
  summary: 'show one client deal: every field and its deal-stage log',
  details: "The proposal CID is the one 'fildeal client list-deals --verbose' prints.",
  flags: { store: STORE_FLAG },
  positionals: [{ name: 'proposal-cid', description: 'the proposal CID of the deal' }],
  async run(args, io) {
    const proposalCid = parseCid('<proposal-cid>', args.positionals[0] as string)
    const deal = await readStore(args.flags.store as string, (store) => store.clientDeal(proposalCid))
    io.out([...dealFields(deal), '', ...stageLines(deal.DealStages)].join('\n'))
    return 0
  },
})
