import { beforeEach, describe, expect, it } from 'vitest'
import { FIRST_DEAL_ID } from '../../../src/adapters/sim-chain/genesis.ts'
import { BURNT_FUNDS } from './constants.ts'
import { activate, FIL, fundAll, makeWorld, proposal, publish, sign, type World } from './fixtures.ts'

const FUNDED = 100n * FIL

describe('a published deal on the simulated chain', () => {
  let world: World
  beforeEach(async () => {
    world = await makeWorld()
    await fundAll(world)
  })

  async function balances() {
    return {
      client: await world.chain.stateMarketBalance(world.client, []),
      provider: await world.chain.stateMarketBalance(world.miner, []),
    }
  }

  async function advanceTo(height: number): Promise<void> {
    await world.chain.advance(height - world.chain.head.height)
  }

  it('is activated by its proven sector and pays the provider epoch by epoch from its start', async () => {
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    await activate(world, FIRST_DEAL_ID)
    const active = await world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])
    expect(active.state.sectorNumber).toBe(1n)
    expect(active.state.sectorStartEpoch).toBeLessThanOrEqual(p.StartEpoch)
    await advanceTo(30)
    const paid = 10n * p.StoragePricePerEpoch
    const fee = p.StoragePricePerEpoch * BigInt(p.EndEpoch - p.StartEpoch)
    expect(await balances()).toEqual({
      client: { escrow: FUNDED - paid, locked: fee - paid + p.ClientCollateral },
      provider: { escrow: FUNDED + paid, locked: p.ProviderCollateral },
    })
    expect((await world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).state.lastUpdatedEpoch).toBe(30)
    await advanceTo(31)
    expect((await balances()).provider.escrow).toBe(FUNDED + paid + p.StoragePricePerEpoch)
  })

  it('completes at its end epoch: the whole fee paid, both collaterals released, the deal deleted', async () => {
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    await activate(world, FIRST_DEAL_ID)
    await advanceTo(p.EndEpoch)
    const fee = p.StoragePricePerEpoch * BigInt(p.EndEpoch - p.StartEpoch)
    expect(await balances()).toEqual({
      client: { escrow: FUNDED - fee, locked: 0n },
      provider: { escrow: FUNDED + fee, locked: 0n },
    })
    await expect(world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).rejects.toHaveProperty(
      'code',
      'ERR_MARKET_DEAL_NOT_FOUND',
    )
  })

  it('not activated by its start epoch: deleted there, client funds unlocked, provider collateral burnt', async () => {
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    await advanceTo(p.StartEpoch - 1)
    expect((await world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).state.sectorStartEpoch).toBe(-1)
    expect((await balances()).client.locked).toBeGreaterThan(0n)
    await advanceTo(p.StartEpoch)
    await expect(world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).rejects.toHaveProperty(
      'code',
      'ERR_MARKET_DEAL_NOT_FOUND',
    )
    expect(await balances()).toEqual({
      client: { escrow: FUNDED, locked: 0n },
      provider: { escrow: FUNDED - p.ProviderCollateral, locked: 0n },
    })
    expect(await world.chain.walletBalance(BURNT_FUNDS)).toBe(p.ProviderCollateral)
  })

  it('a sector proven after the start epoch cannot activate its deal (exit 32)', async () => {
    const late = await makeWorld({ sealing: { preCommitDelay: 1, proveCommitDelay: 30 } })
    await fundAll(late)
    await publish(late, [await sign(late, proposal(late))])
    const deal = await late.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])
    await late.chain.sealer(late.miner).handOff({
      dealId: FIRST_DEAL_ID,
      proposal: deal.proposal,
      publishCid: undefined,
      pieceSize: 508,
      piece: { size: 508n, open: async function* () {} },
    })
    await late.chain.advance(40)
    expect(late.chain.sectorJobs()[0]?.stage).toBe('failed')
  })

  it('is slashed when its sector is terminated: paid up to then, client remainder unlocked, collateral burnt', async () => {
    const p = proposal(world)
    await publish(world, [await sign(world, p)])
    await activate(world, FIRST_DEAL_ID)
    await advanceTo(30)
    await world.chain.terminateSector(world.miner, 1n)
    await advanceTo(31)
    await expect(world.chain.stateMarketStorageDeal(FIRST_DEAL_ID, [])).rejects.toHaveProperty(
      'code',
      'ERR_MARKET_DEAL_NOT_FOUND',
    )
    const paid = 11n * p.StoragePricePerEpoch
    expect(await balances()).toEqual({
      client: { escrow: FUNDED - paid, locked: 0n },
      provider: { escrow: FUNDED + paid - p.ProviderCollateral, locked: 0n },
    })
    expect(await world.chain.walletBalance(BURNT_FUNDS)).toBe(p.ProviderCollateral)
  })

  it('terminating a sector that is not proven fails with exit 17', async () => {
    const signed = await world.chain.terminateSector(world.miner, 9n)
    await world.chain.advance(1)
    expect((await world.chain.stateSearchMsg([], signed.cid))?.receipt.exitCode).toBe(17)
  })
})
