/**
 * `fildeal provider get-ask`: the provider's current signed ask, like
 * `lotus-miner storage-deals get-ask`.
 *
 * @module
 */

import { askLines } from '../ask-view.ts'
import { defineCommand } from '../command.ts'
import { readStore } from '../store.ts'
import { STORE_FLAG } from './shared.ts'

/** Prints the ask stored by the provider. */
export const providerGetAskCommand = defineCommand({
  name: 'provider get-ask',
  summary: "show the provider's current ask",
  flags: { store: STORE_FLAG },
  positionals: [],
  async run(args, io) {
    const lines = await readStore(args.flags.store as string, async (store) => askLines(await store.ask()))
    io.out(lines.join('\n'))
    return 0
  },
})
