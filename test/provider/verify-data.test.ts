import { beforeEach, describe, expect, it } from 'vitest'
import { generatePieceCommitment } from '../../src/adapters/piece/index.ts'
import type { PieceCommitmentFunction } from '../../src/adapters/staging.ts'
import { EventText, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { createProviderWorld, PIECE_SIZE, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

const failed = (reason: string): string => wrap(EventText.dataVerificationFailed, reason)

describe('VerifyData', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })

  it('succeeds', async () => {
    const deal = await world.deal('StorageDealVerifyData')
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealReserveProviderFunds')
    expect(run.deal.PiecePath).toBe('')
    // No block-location metadata is produced for transferred data (production reference behaviour).
    expect(run.deal.MetadataPath).toBe('')
    expect(world.staging.files.get(deal.InboundCAR)?.finalized).toBe(true)
  })

  it('finalize blockstore fails', async () => {
    world.staging.faults.fail('finalize', new Error('disk full'))
    const run = await runEntry(world, await world.deal('StorageDealVerifyData'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(failed(wrap(StepText.finalizeStaging, 'disk full')))
  })

  it('generate piece CID fails', async () => {
    world.staging.faults.fail('read', new Error('read error'))
    const run = await runEntry(world, await world.deal('StorageDealVerifyData'))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(failed(wrap(StepText.commP, 'read error')))
  })

  it('piece CIDs do not match', async () => {
    const deal = await world.deal('StorageDealVerifyData')
    world.staging.plant(deal.InboundCAR, new TextEncoder().encode('other bytes'))
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toContain(failed(StepText.commPMismatch))
    expect(run.deal.PiecePath).toBe('')
    expect(run.deal.MetadataPath).toBe('')
  })

  it('accepts the shipped piece-commitment hasher as its commitment function', async () => {
    const real: PieceCommitmentFunction = async (payload, size, options) =>
      (await generatePieceCommitment(payload, size, options)).pieceCid
    const environment = world.environment
    world.environment = () => ({
      ...environment(),
      pieceCommitment: (path, size, options) => real(world.staging.read(path), size, options),
    })
    const pieceCid = (await generatePieceCommitment(world.payload, PIECE_SIZE)).pieceCid
    const run = await runEntry(world, await world.deal('StorageDealVerifyData', {}, { PieceCID: pieceCid }))
    expect(run.deal.State).toBe('StorageDealReserveProviderFunds')
  })

  it('fails a deal that has no staging area', async () => {
    const run = await runEntry(world, await world.deal('StorageDealVerifyData', { InboundCAR: '' }))
    expect(run.deal.Message).toBe(failed(StepText.noStagingArea))
  })
})
