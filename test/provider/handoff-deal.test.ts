import { beforeEach, describe, expect, it } from 'vitest'
import { toUnpaddedSize } from '../../src/market/index.ts'
import { EventText, encodeBlockLocations, StepText } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { messageCid } from '../fakes/provider-node.ts'
import { createProviderWorld, PIECE_SIZE, type ProviderWorld } from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

const registrationFailed = (reason: string): string =>
  wrap(EventText.pieceStoreErrored, wrap(StepText.registerPiece, reason))

describe('HandoffDeal', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })
  /** An offline deal whose imported piece is staged at file.txt. */
  const offline = async (overrides = {}) => {
    world.staging.plant('file.txt', world.payload)
    return world.deal('StorageDealStaged', {
      PiecePath: 'file.txt',
      InboundCAR: '',
      FastRetrieval: true,
      ...overrides,
    })
  }

  it('succeeds for offline deal', async () => {
    const run = await runEntry(world, await offline())
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.AvailableForRetrieval).toBe(true)
    expect(world.node.handedOff).toHaveLength(1)
    expect(world.node.handedOff[0]?.deal.FastRetrieval).toBe(true)
    expect(world.staging.faults.of('size')).toEqual([['file.txt']])
  })

  it('succeed, assemble piece on demand', async () => {
    const deal = await world.deal('StorageDealStaged', { FastRetrieval: true })
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.AvailableForRetrieval).toBe(true)
    const [handoff] = world.node.handedOff
    expect(handoff?.deal.FastRetrieval).toBe(true)
    // The payload, zero-padded to the piece's unpadded size.
    const unpadded = toUnpaddedSize(PIECE_SIZE)
    expect(handoff?.size).toBe(unpadded)
    expect(handoff?.bytes.length).toBe(unpadded)
    expect(handoff?.bytes.subarray(0, world.payload.length)).toEqual(world.payload)
    expect(handoff?.bytes.subarray(world.payload.length).every((b) => b === 0)).toBe(true)
    // Recorded for retrieval under the payload root, in sector 1.
    expect(world.pieceDirectory.blocks.get(deal.Proposal.PieceCID.toString())?.map((b) => b.cid)).toEqual([
      world.root,
    ])
    expect(world.pieceDirectory.deals.get(deal.Proposal.PieceCID.toString())?.[0]).toMatchObject({
      dealId: deal.DealID,
      sectorNumber: 1n,
      offset: 0,
      length: PIECE_SIZE,
    })
  })

  it("fails when can't get a CARv2 reader", async () => {
    const deal = await world.deal('StorageDealStaged')
    world.staging.faults.fail('size', new Error('staged data unreadable'))
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(world.node.handedOff).toHaveLength(0)
    expect(run.deal.Message).toContain('staged data unreadable')
    expect(run.deal.Message).toContain(StepText.openStaged)
  })

  it('succeeds w metadata', async () => {
    const block = await messageCid('block')
    world.staging.plant(
      'metadataPath.txt',
      encodeBlockLocations([{ cid: block, location: { relOffset: 7n, blockSize: 9n } }]),
    )
    const deal = await offline({ MetadataPath: 'metadataPath.txt' })
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(world.node.handedOff).toHaveLength(1)
    expect(world.staging.faults.of('read').map(([path]) => path)).toEqual(['file.txt', 'metadataPath.txt'])
    expect(world.pieceDirectory.blocks.get(deal.Proposal.PieceCID.toString())).toEqual([
      { cid: block, location: { relOffset: 7n, blockSize: 9n } },
    ])
  })

  it('reading metadata fails', async () => {
    const run = await runEntry(world, await offline({ MetadataPath: 'missing-metadata.txt' }))
    expect(run.types).toEqual(['ProviderEventPieceStoreErrored', 'ProviderEventDealHandedOff'])
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.Message).toBe(
      registrationFailed(wrap(StepText.loadLocations, 'no staged file missing-metadata.txt')),
    )
  })

  it('add piece block locations errors', async () => {
    world.pieceDirectory.faults.fail('addPieceBlockLocations', new Error('index full'))
    const run = await runEntry(world, await offline())
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.Message).toBe(registrationFailed(wrap(StepText.storeLocations, 'index full')))
  })

  it('add deal for piece errors', async () => {
    world.pieceDirectory.faults.fail('addDealForPiece', new Error('index full'))
    const run = await runEntry(world, await offline())
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(run.deal.Message).toBe(registrationFailed(wrap(StepText.storeDealInfo, 'index full')))
  })

  it('opening file errors', async () => {
    const run = await runEntry(world, await world.deal('StorageDealStaged', { PiecePath: 'missing.txt' }))
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(
      wrap(
        EventText.fileStoreErrored,
        wrap(`${StepText.openPiece} missing.txt`, 'no staged file missing.txt'),
      ),
    )
  })

  it('OnDealComplete errors', async () => {
    world.node.faults.fail('onDealComplete', new Error('sealing queue full'))
    const run = await runEntry(world, await offline())
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toBe(
      wrap(EventText.dealHandoffFailed, wrap(`${StepText.handoffPiece} file.txt`, 'sealing queue full')),
    )
  })

  it('assemble piece on demand fails because OnComplete fails', async () => {
    world.node.faults.fail('onDealComplete', new Error('sealing queue full'))
    const deal = await world.deal('StorageDealStaged')
    const run = await runEntry(world, deal)
    expect(run.deal.State).toBe('StorageDealFailing')
    expect(run.deal.Message).toContain('sealing queue full')
    // The message names the proposal's piece CID (the reference names Ref.PieceCid, often unset).
    expect(run.deal.Message).toContain(deal.Proposal.PieceCID.toString())
  })

  it('succeeds even if shard activation fails', async () => {
    // There is no DAG store here; the closest optional step is the retrieval index being absent.
    const environment = world.environment
    world.environment = () => ({ ...environment(), pieceDirectory: undefined })
    const run = await runEntry(world, await offline())
    expect(run.deal.State).toBe('StorageDealAwaitingPreCommit')
    expect(world.node.handedOff).toHaveLength(1)
    expect(world.node.handedOff[0]?.deal.FastRetrieval).toBe(true)
    expect(run.deal.AvailableForRetrieval).toBe(true)
    expect(world.pieceDirectory.deals.size).toBe(0)
  })
})
