import { beforeEach, describe, expect, it } from 'vitest'
import { DealNotFoundError, InvalidTransitionError, PieceCommitmentMismatchError } from '../../src/errors.ts'
import type { StorageProvider } from '../../src/provider/index.ts'
import { createProviderWorld, type ProviderWorld } from '../fakes/provider-world.ts'
import { propose, startProvider, untilState } from './provider-harness.ts'

describe('importDataForDeal', () => {
  let world: ProviderWorld
  let provider: StorageProvider
  beforeEach(async () => {
    world = await createProviderWorld()
    provider = (await startProvider(world)).provider
  })
  const offlineDeal = async () => {
    const { proposalCid } = await propose(world, provider, {}, 'manual')
    await untilState(world, provider, proposalCid, 'StorageDealWaitingForData')
    return proposalCid
  }

  it('stages the payload of an offline deal, checks its piece, and moves the deal on', async () => {
    const proposalCid = await offlineDeal()
    const deal = await provider.getLocalDeal(proposalCid)
    expect(deal.InboundCAR).toBe('')
    async function* chunks() {
      yield world.payload.subarray(0, 100)
      yield world.payload.subarray(100)
    }
    await provider.importDataForDeal(proposalCid, chunks())
    const imported = await provider.getLocalDeal(proposalCid)
    expect(imported.State).toBe('StorageDealReserveProviderFunds')
    expect(world.staging.files.get(imported.PiecePath)?.bytes).toEqual(world.payload)
    const active = await untilState(world, provider, proposalCid, 'StorageDealActive')
    expect(world.node.handedOff[0]?.bytes.subarray(0, world.payload.length)).toEqual(world.payload)
    // Cleanup removed the imported piece once the deal was active.
    expect(world.staging.deleted).toEqual([active.PiecePath])
  })

  it('refuses data that is not the proposed piece and keeps nothing staged', async () => {
    const proposalCid = await offlineDeal()
    await expect(
      provider.importDataForDeal(proposalCid, new TextEncoder().encode('wrong')),
    ).rejects.toBeInstanceOf(PieceCommitmentMismatchError)
    expect((await provider.getLocalDeal(proposalCid)).State).toBe('StorageDealWaitingForData')
    expect(world.staging.files.size).toBe(0)
  })

  it('refuses data larger than the piece can hold', async () => {
    const proposalCid = await offlineDeal()
    await expect(provider.importDataForDeal(proposalCid, new Uint8Array(1 << 20))).rejects.toThrow('limit')
    expect(world.staging.files.size).toBe(0)
  })

  it('refuses an unknown proposal and a deal that is not waiting for data', async () => {
    await expect(provider.importDataForDeal(world.root, world.payload)).rejects.toBeInstanceOf(
      DealNotFoundError,
    )
    const { proposalCid } = await propose(world, provider, { StoragePricePerEpoch: 1n }, 'manual')
    await untilState(world, provider, proposalCid, 'StorageDealError')
    await expect(provider.importDataForDeal(proposalCid, world.payload)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    )
    expect(world.staging.files.size).toBe(0)
  })
})
