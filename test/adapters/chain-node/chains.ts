/**
 * The chains the node tests run on: the simulated chain itself, and the Lotus adapter talking to
 * the same simulated chain through the devnet. Over the devnet, head changes reach the nodes through
 * a socket, so the world's `advance`, `reorg` and `close` also wait, after each epoch, until the
 * adapter has nothing left in progress: the same assertions then hold on both chains.
 */
import { onTestFinished } from 'vitest'
import type { ChainAdapter } from '../../../src/adapters/chain.ts'
import type { Sealer } from '../../../src/adapters/chain-node/sealer.ts'
import { type Devnet, devnetClient, startDevnet } from '../../../src/adapters/devnet/index.ts'
import { createLotusChain, type LotusChain } from '../../../src/adapters/lotus/index.ts'
import type { World } from '../sim-chain/fixtures.ts'

/** Which chain the nodes use. */
export type ChainKind = 'SimChain' | 'LotusChain over the devnet'

/** Every kind, for `describe.each`. */
export const CHAIN_KINDS: readonly ChainKind[] = ['SimChain', 'LotusChain over the devnet']

/** The chain the nodes are built on. */
export interface ChainUnderTest {
  readonly kind: ChainKind
  readonly adapter: ChainAdapter
  /** The provider's sealer: the simulated miner, reached through the devnet when the chain is. */
  readonly sealer: Sealer
  /** Head subscriptions the nodes hold on the simulated chain, once every request has reached it. */
  subscriptions(): Promise<number>
}

/** Makes the world's chain controls wait for the Lotus adapter after every epoch. */
function settleAfterEachEpoch(world: World, lotus: LotusChain): void {
  const chain = world.chain
  const advance = chain.advance.bind(chain)
  const reorg = chain.reorg.bind(chain)
  const close = chain.close.bind(chain)
  chain.advance = async (epochs = 1) => {
    for (let i = 0; i < epochs; i++) {
      await advance(1)
      await lotus.idle()
    }
  }
  chain.reorg = async (depth) => {
    await reorg(depth)
    await lotus.idle()
  }
  chain.close = async () => {
    await close()
    await lotus.idle()
  }
}

/** The chain of `kind` over `world`; anything started is stopped when the test finishes. */
export async function chainUnderTest(kind: ChainKind, world: World): Promise<ChainUnderTest> {
  if (kind === 'SimChain') {
    const subscriptions = async () => world.chain.headSubscriptions
    return { kind, adapter: world.chain, sealer: world.chain.sealer(world.miner), subscriptions }
  }
  const devnet: Devnet = await startDevnet({ chain: world.chain })
  const lotus = createLotusChain({ url: devnet.url, token: devnet.token }, { clock: world.clock })
  onTestFinished(async () => {
    lotus.close()
    await devnet.close()
  })
  settleAfterEachEpoch(world, lotus)
  const subscriptions = async (): Promise<number> => {
    await lotus.idle()
    return devnet.headSubscriptions
  }
  const sealer = devnetClient({ url: devnet.url, token: devnet.token }).sealer(world.miner)
  return { kind, adapter: lotus, sealer, subscriptions }
}
