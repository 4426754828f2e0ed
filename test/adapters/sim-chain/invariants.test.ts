import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addBalanceMessage,
  type ChainMessage,
  MARKET_ACTOR,
  type MessageKind,
  publishStorageDealsMessage,
  withdrawBalanceMessage,
} from '../../../src/adapters/chain.ts'
import { genesisState } from '../../../src/adapters/sim-chain/genesis.ts'
import { checkInvariants } from '../../../src/adapters/sim-chain/invariants.ts'
import { ChainInvariantError } from '../../../src/errors.ts'
import type { Address } from '../../../src/market/index.ts'
import { BURNT_FUNDS } from './constants.ts'
import { FIL, makeWorld, pieceCid, proposal, sign, type World } from './fixtures.ts'

type Op =
  | { readonly op: 'add'; readonly payer: number; readonly target: number; readonly amount: bigint }
  | { readonly op: 'withdraw'; readonly caller: number; readonly target: number; readonly amount: bigint }
  | {
      readonly op: 'publish'
      readonly deals: readonly {
        readonly seed: number
        readonly startIn: number
        readonly duration: number
        readonly price: bigint
        readonly providerCollateral: bigint
        readonly clientCollateral: bigint
      }[]
    }
  | { readonly op: 'handOff'; readonly deal: number }
  | { readonly op: 'advance'; readonly epochs: number }
  | { readonly op: 'terminate'; readonly sector: number }
  | { readonly op: 'reorg'; readonly depth: number }
  | { readonly op: 'fail'; readonly kind: MessageKind; readonly code: number }

const amount = fc.bigInt({ min: 0n, max: 60n * FIL })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), payer: fc.nat(2), target: fc.nat(2), amount }),
  fc.record({ op: fc.constant('withdraw' as const), caller: fc.nat(2), target: fc.nat(2), amount }),
  fc.record({
    op: fc.constant('publish' as const),
    deals: fc.array(
      fc.record({
        seed: fc.nat(6),
        startIn: fc.integer({ min: 0, max: 15 }),
        duration: fc.integer({ min: 5, max: 40 }),
        price: fc.bigInt({ min: 0n, max: 10n ** 17n }),
        providerCollateral: fc.bigInt({ min: 0n, max: 30n * FIL }),
        clientCollateral: fc.bigInt({ min: 0n, max: 10n * FIL }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({ op: fc.constant('handOff' as const), deal: fc.nat(8) }),
  fc.record({ op: fc.constant('advance' as const), epochs: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('terminate' as const), sector: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('reorg' as const), depth: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    op: fc.constant('fail' as const),
    kind: fc.constantFrom<MessageKind>(
      'MarketAddBalance',
      'PublishStorageDeals',
      'PreCommitSector',
      'ProveCommitSector',
    ),
    code: fc.constantFrom(16, 19, 20),
  }),
)

async function push(world: World, message: ChainMessage): Promise<void> {
  try {
    await world.chain.mpoolPushMessage(message)
  } catch (error) {
    // The pool may refuse what a random sequence asks for; only executed messages matter here.
    expect((error as { code?: string }).code).toMatch(/^ERR_(NOT_ENOUGH_FUNDS|INVALID_MESSAGE)$/)
  }
}

async function apply(world: World, step: Op): Promise<void> {
  const accounts = [world.client, world.client2, world.worker]
  const escrows = [world.client, world.client2, world.miner]
  switch (step.op) {
    case 'add':
      return push(
        world,
        addBalanceMessage(accounts[step.payer] as Address, escrows[step.target] as Address, step.amount),
      )
    case 'withdraw':
      return push(
        world,
        withdrawBalanceMessage(
          accounts[step.caller] as Address,
          escrows[step.target] as Address,
          step.amount,
        ),
      )
    case 'publish': {
      const head = world.chain.head.height
      const deals = await Promise.all(
        step.deals.map((d) =>
          sign(
            world,
            proposal(world, {
              PieceCID: pieceCid(d.seed),
              StartEpoch: head + d.startIn,
              EndEpoch: head + d.startIn + d.duration,
              StoragePricePerEpoch: d.price,
              ProviderCollateral: d.providerCollateral,
              ClientCollateral: d.clientCollateral,
            }),
          ),
        ),
      )
      return push(world, publishStorageDealsMessage(world.worker, deals))
    }
    case 'handOff': {
      const deal = await world.chain.stateMarketStorageDeal(BigInt(step.deal), []).catch(() => undefined)
      if (deal === undefined) return
      const piece = { size: 0n, open: async function* () {} }
      await world.chain
        .sealer(world.miner)
        .handOff({
          dealId: BigInt(step.deal),
          proposal: deal.proposal,
          publishCid: undefined,
          pieceSize: 0,
          piece,
        })
        .catch(() => undefined)
      return
    }
    case 'advance':
      return world.chain.advance(step.epochs)
    case 'terminate':
      return push(world, {
        kind: 'TerminateSectors',
        from: world.worker,
        to: world.miner,
        value: 0n,
        params: { sectorNumbers: [BigInt(step.sector)] },
      })
    case 'reorg':
      if (world.chain.head.height > step.depth) await world.chain.reorg(step.depth)
      return
    case 'fail':
      world.chain.failNext(step.kind, step.code)
  }
}

async function expectBooksBalance(world: World): Promise<void> {
  const holders = [
    world.client,
    world.client2,
    world.worker,
    world.miner,
    world.miner2,
    MARKET_ACTOR,
    BURNT_FUNDS,
  ]
  let total = 0n
  for (const holder of holders) total += await world.chain.walletBalance(holder)
  expect(total).toBe(world.chain.totalSupply)
  let escrow = 0n
  for (const party of [world.client, world.client2, world.miner]) {
    const balance = await world.chain.stateMarketBalance(party, [])
    expect(balance.escrow).toBeGreaterThanOrEqual(0n)
    expect(balance.locked).toBeGreaterThanOrEqual(0n)
    expect(balance.locked).toBeLessThanOrEqual(balance.escrow)
    escrow += balance.escrow
  }
  expect(await world.chain.walletBalance(MARKET_ACTOR)).toBe(escrow)
}

describe('simulated chain accounting', () => {
  it('keeps total supply constant and escrow consistent over random operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), async (ops) => {
        const world = await makeWorld({ clientBalance: 200n * FIL, workerBalance: 200n * FIL })
        for (const step of ops) {
          await apply(world, step)
          await expectBooksBalance(world)
        }
        await world.chain.advance(60)
        await expectBooksBalance(world)
      }),
      { numRuns: 30 },
    )
  })

  it('a broken invariant stops the chain with ChainInvariantError', () => {
    const state = genesisState({ accounts: [] })
    state.market.escrow.set(100n, { escrow: 5n, locked: 6n })
    expect(() => checkInvariants(state, 0n)).toThrow(ChainInvariantError)
    const unbalanced = genesisState({ accounts: [] })
    expect(() => checkInvariants(unbalanced, 1n)).toThrow(/total supply/)
  })
})
