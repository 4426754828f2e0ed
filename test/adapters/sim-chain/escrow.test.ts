import { beforeEach, describe, expect, it } from 'vitest'
import {
  addBalanceMessage,
  ExitCode,
  MARKET_ACTOR,
  withdrawBalanceMessage,
} from '../../../src/adapters/chain.ts'
import { NotEnoughFundsError } from '../../../src/errors.ts'
import { FIL, makeWorld, proposal, publish, sign, type World } from './fixtures.ts'

async function run(world: World, message: Parameters<World['chain']['mpoolPushMessage']>[0]) {
  const signed = await world.chain.mpoolPushMessage(message)
  await world.chain.advance(1)
  const lookup = await world.chain.stateSearchMsg([], signed.cid)
  if (lookup === undefined) throw new Error('not executed')
  return lookup
}

describe('market escrow', () => {
  let world: World
  beforeEach(async () => {
    world = await makeWorld()
  })

  it('AddBalance moves the value from the sender into the escrow of the address named', async () => {
    const lookup = await run(world, addBalanceMessage(world.client, world.client, 5n * FIL))
    expect(lookup.receipt.exitCode).toBe(ExitCode.Ok)
    expect(await world.chain.stateMarketBalance(world.client, [])).toEqual({ escrow: 5n * FIL, locked: 0n })
    expect(await world.chain.walletBalance(world.client)).toBe(995n * FIL)
    expect(await world.chain.walletBalance(MARKET_ACTOR)).toBe(5n * FIL)
  })

  it("AddBalance for a miner credits the miner's escrow, paid by anyone", async () => {
    await run(world, addBalanceMessage(world.client2, world.miner, 3n * FIL))
    expect((await world.chain.stateMarketBalance(world.miner, [])).escrow).toBe(3n * FIL)
    expect(await world.chain.walletBalance(world.client2)).toBe(997n * FIL)
  })

  it('AddBalance of zero fails with exit 16 and moves nothing', async () => {
    const lookup = await run(world, addBalanceMessage(world.client, world.client, 0n))
    expect(lookup.receipt.exitCode).toBe(ExitCode.IllegalArgument)
    expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(0n)
  })

  it('the pool refuses a message its sender cannot pay for with ERR_NOT_ENOUGH_FUNDS', async () => {
    const push = world.chain.marketAddBalance(world.client, world.client, 1001n * FIL)
    await expect(push).rejects.toBeInstanceOf(NotEnoughFundsError)
    await expect(push).rejects.toHaveProperty('code', 'ERR_NOT_ENOUGH_FUNDS')
  })

  it('the pool counts pending messages of the same sender against its balance', async () => {
    await world.chain.marketAddBalance(world.client, world.client, 600n * FIL)
    await expect(world.chain.marketAddBalance(world.client, world.client, 600n * FIL)).rejects.toHaveProperty(
      'code',
      'ERR_NOT_ENOUGH_FUNDS',
    )
  })

  it('WithdrawBalance pays a client at most its available escrow and returns the amount', async () => {
    await run(world, addBalanceMessage(world.client, world.client, 10n * FIL))
    await run(world, addBalanceMessage(world.worker, world.miner, 10n * FIL))
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    const locked = (await world.chain.stateMarketBalance(world.client, [])).locked
    const lookup = await run(world, withdrawBalanceMessage(world.client, world.client, 20n * FIL))
    expect(lookup.receipt.exitCode).toBe(ExitCode.Ok)
    expect(await world.chain.stateMarketBalance(world.client, [])).toEqual({ escrow: locked, locked })
    expect(await world.chain.walletBalance(world.client)).toBe(1000n * FIL - locked)
  })

  it("WithdrawBalance of a miner's escrow pays its owner", async () => {
    await run(world, addBalanceMessage(world.client, world.miner, 4n * FIL))
    await run(world, withdrawBalanceMessage(world.worker, world.miner, 1n * FIL))
    expect((await world.chain.stateMarketBalance(world.miner, [])).escrow).toBe(3n * FIL)
    expect(await world.chain.walletBalance(world.worker)).toBe(1001n * FIL)
  })

  it("WithdrawBalance of someone else's escrow fails with exit 18", async () => {
    await run(world, addBalanceMessage(world.client, world.client, 4n * FIL))
    const lookup = await run(world, withdrawBalanceMessage(world.client2, world.client, 1n * FIL))
    expect(lookup.receipt.exitCode).toBe(ExitCode.Forbidden)
    expect((await world.chain.stateMarketBalance(world.client, [])).escrow).toBe(4n * FIL)
    const miner = await run(world, withdrawBalanceMessage(world.client, world.miner, 1n))
    expect(miner.receipt.exitCode).toBe(ExitCode.Forbidden)
  })
})
