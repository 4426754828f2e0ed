/**
 * `fildeal client query-ask`: a provider's signed ask, asked for over libp2p and checked against
 * its worker's key on chain, like `lotus client query-ask`.
 *
 * @module
 */

import { createClientNode } from '../../adapters/chain-node/index.ts'
import { Libp2pMarketNetwork, MK12_DEAL_PROTOCOLS } from '../../adapters/libp2p/index.ts'
import { queryStorageAsk } from '../../client/provider-queries.ts'
import { chooseMiner, connectLotus } from '../../standalone/lotus-connection.ts'
import { providerTarget } from '../../standalone/provider-target.ts'
import { askLines } from '../ask-view.ts'
import { defineCommand } from '../command.ts'
import { LOTUS_TOKEN_FLAG, LOTUS_URL_FLAG } from '../lotus-flags.ts'
import { lotusEndpointOf, MINER_FLAG, parseAddressFlag, parseMultiaddrFlag } from './market-process-flags.ts'

/** Prints the provider's ask. */
export const clientQueryAskCommand = defineCommand({
  name: 'client query-ask',
  summary: 'ask a provider for its storage ask over libp2p',
  flags: { 'lotus-url': LOTUS_URL_FLAG, 'lotus-token': LOTUS_TOKEN_FLAG, miner: MINER_FLAG },
  positionals: [{ name: 'multiaddr', description: 'the provider, ending in /p2p/<peer id>' }],
  async run(args, io) {
    const [text = ''] = args.positionals
    const address = parseMultiaddrFlag('<multiaddr>', text, true)
    const minerText = args.flags.miner as string | undefined
    const given = minerText === undefined ? undefined : parseAddressFlag('--miner', minerText)
    const lotus = connectLotus(
      lotusEndpointOf(
        args.flags['lotus-url'] as string,
        args.flags['lotus-token'] as string | undefined,
        process.env,
      ),
    )
    const options = io.signal === undefined ? {} : { signal: io.signal }
    let network: Libp2pMarketNetwork | undefined
    const node = createClientNode({ chain: lotus.chain, wallet: lotus.wallet }, {})
    try {
      // Asking listens nowhere: the answer comes back on the stream this node opens.
      network = await Libp2pMarketNetwork.create({ listen: [], dealProtocols: MK12_DEAL_PROTOCOLS })
      const miner = await chooseMiner(lotus.chain, given, options)
      const info = await providerTarget({ chain: lotus.chain, network }, address, miner, options)
      const ask = await queryStorageAsk({ node, network }, info, options)
      io.out(askLines({ Ask: ask, Signature: null }).join('\n'))
      return 0
    } finally {
      await network?.stop()
      node.stop()
      lotus.close()
    }
  },
})
