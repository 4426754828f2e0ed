/**
 * `fildeal chain head`: the head of the chain a Lotus endpoint serves (a Lotus node, a gateway or
 * `fildeal devnet`), like `lotus chain head`.
 *
 * @module
 */

import { createLotusChain } from '../../adapters/lotus/index.ts'
import { defineCommand } from '../command.ts'
import { LOTUS_TOKEN_FLAG, LOTUS_URL_FLAG, lotusEndpoints, lotusToken } from '../lotus-flags.ts'

/** Prints the head's height, time and tipset key. */
export const chainHeadCommand = defineCommand({
  name: 'chain head',
  summary: 'show the head of the chain a Lotus endpoint serves',
  flags: { 'lotus-url': LOTUS_URL_FLAG, 'lotus-token': LOTUS_TOKEN_FLAG },
  positionals: [],
  async run(args, io) {
    const endpoints = lotusEndpoints(args.flags['lotus-url'] as string)
    const token = lotusToken(args.flags['lotus-token'] as string | undefined, process.env)
    const chain = createLotusChain({ ...endpoints, ...(token === undefined ? {} : { token }) })
    try {
      const head = await chain.chainHead(io.signal === undefined ? {} : { signal: io.signal })
      io.out(`height: ${head.height}`)
      io.out(`time: ${new Date(head.timestamp * 1000).toISOString()}`)
      for (const cid of head.key) io.out(cid.toString())
      return 0
    } finally {
      chain.close()
    }
  },
})
