import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  clientBalanceRequirement,
  type DealProposal,
  EPOCHS_PER_DAY,
  idAddress,
} from '../../src/market/index.ts'
import { EventText, ValidationText as V } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import {
  createProviderWorld,
  HEAD_EPOCH,
  PIECE_SIZE,
  type ProviderWorld,
  START_EPOCH,
} from '../fakes/provider-world.ts'
import { runEntry } from './harness.ts'

const rejected = (reason: string): string => wrap(EventText.dealRejected, reason)

describe('ValidateDealProposal', () => {
  let world: ProviderWorld
  beforeEach(async () => {
    world = await createProviderWorld()
  })

  const validate = async (proposal: Partial<DealProposal> = {}) => {
    const deal = await world.deal('StorageDealValidating', {}, proposal)
    return { deal, run: await runEntry(world, deal) }
  }

  /** Fund the client for exactly what a proposal with these fields requires. */
  const fundClient = async (proposal: Partial<DealProposal>, delta = 0n) => {
    const signed = await world.proposal(proposal)
    world.node.balances.set(world.client.toString(), clientBalanceRequirement(signed.Proposal) + delta)
  }

  it('succeeds', async () => {
    const { deal, run } = await validate()
    expect(run.deal.State).toBe('StorageDealAcceptWait')
    expect(run.types).toEqual(['ProviderEventDealDeciding'])
    expect(world.network.tags).toEqual([{ peer: world.clientPeer, tag: deal.ProposalCid.toString() }])
  })

  it('verify signature fails', async () => {
    world.node.signaturesValid = false
    const { run } = await validate()
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toBe(rejected(wrap(V.signature, V.signatureInvalid)))
  })

  it('rejects a signature the node cannot check, naming the node error', async () => {
    world.node.faults.fail('verifySignature', new Error('no key for the client'))
    const { run } = await validate()
    expect(run.deal.Message).toBe(
      rejected(wrap(V.signature, wrap(V.signatureNodeError, 'no key for the client'))),
    )
  })

  it('provider address does not match', async () => {
    const { run } = await validate({ Provider: idAddress(2000) })
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toBe(rejected(V.wrongProvider))
  })

  it('MostRecentStateID errors', async () => {
    world.node.faults.fail('getChainHead', new Error('chain offline'))
    const { run } = await validate()
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toBe(rejected(wrap(V.chainHead, 'chain offline')))
  })

  it('PricePerEpoch too low', async () => {
    const { run } = await validate({ StoragePricePerEpoch: 5000n })
    expect(run.deal.Message).toBe(rejected(`${V.priceLow} (5000 < 9765)`))
  })

  it('PieceSize < MinPieceSize', async () => {
    const { run } = await validate({ PieceSize: 128 })
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toBe(rejected(`${V.pieceTooSmall} (128 < 256)`))
  })

  it('rejects a piece larger than the ask allows', async () => {
    await fundClient({ PieceSize: 2 * PIECE_SIZE, StoragePricePerEpoch: 20_000n })
    const { run } = await validate({ PieceSize: 2 * PIECE_SIZE, StoragePricePerEpoch: 20_000n })
    expect(run.deal.Message).toBe(rejected(`${V.pieceTooLarge} (${2 * PIECE_SIZE} > ${PIECE_SIZE})`))
  })

  it('rejects every proposal while the provider has no ask', async () => {
    world.ask = undefined
    const { run } = await validate()
    expect(run.deal.Message).toBe(rejected(V.noAsk))
  })

  it('Get balance error', async () => {
    world.node.faults.fail('getBalance', new Error('state unavailable'))
    const { run } = await validate()
    expect(run.deal.Message).toBe(rejected(wrap(V.clientBalance, 'state unavailable')))
  })

  it('Not enough funds', async () => {
    await fundClient({}, -1n)
    const { run } = await validate()
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toContain(V.clientFunds)
  })

  it('Not enough funds due to client collateral', async () => {
    // Enough for the storage fee alone, one short once the client collateral is added.
    await fundClient({ ClientCollateral: 100n }, -1n)
    const { run } = await validate({ ClientCollateral: 100n })
    expect(run.deal.Message).toContain(V.clientFunds)
  })

  it('verified deal succeeds', async () => {
    world.node.dataCaps.set(world.client.toString(), BigInt(PIECE_SIZE))
    const { run } = await validate({ VerifiedDeal: true })
    expect(run.deal.State).toBe('StorageDealAcceptWait')
    expect(run.deal.Proposal.VerifiedDeal).toBe(true)
  })

  it('verified deal fails getting client data cap', async () => {
    world.node.faults.fail('getDataCap', new Error('registry unavailable'))
    const { run } = await validate({ VerifiedDeal: true })
    expect(run.deal.Message).toBe(rejected(wrap(V.dataCap, 'registry unavailable')))
  })

  it('verified deal fails data cap not found', async () => {
    const { run } = await validate({ VerifiedDeal: true })
    expect(run.deal.Message).toBe(rejected(wrap(V.dataCap, V.noDataCap)))
  })

  it('verified deal fails with insufficient data cap', async () => {
    world.node.dataCaps.set(world.client.toString(), BigInt(PIECE_SIZE - 1))
    const { run } = await validate({ VerifiedDeal: true })
    expect(run.deal.Message).toBe(
      rejected(wrap(V.dataCap, `${V.dataCapLow} (${PIECE_SIZE - 1} < ${PIECE_SIZE})`)),
    )
  })

  it('invalid piece size', async () => {
    const { run } = await validate({ PieceSize: 129 })
    expect(run.deal.Message).toBe(rejected(wrap(V.pieceSize, '129 is not a power of two')))
  })

  it('rejects a piece below 128 bytes', async () => {
    const { run } = await validate({ PieceSize: 64 })
    expect(run.deal.Message).toBe(rejected(wrap(V.pieceSize, '64 is below 128 bytes')))
  })

  it('invalid piece cid prefix', async () => {
    const random = CID.createV1(0x55, await sha256.digest(new Uint8Array([1, 2, 3])))
    const { run } = await validate({ PieceCID: random })
    expect(run.deal.Message).toBe(rejected(V.pieceCidPrefix))
  })

  it('rejects a label longer than 256 bytes', async () => {
    const { run } = await validate({ Label: 'x'.repeat(257) })
    expect(run.deal.Message).toBe(rejected(`${V.labelTooLong} (257 bytes)`))
  })

  it('end epoch before start', async () => {
    const { run } = await validate({ StartEpoch: 1000, EndEpoch: 900 })
    expect(run.deal.Message).toBe(rejected(V.endBeforeStart))
  })

  it('start epoch has already passed', async () => {
    const { run } = await validate({ StartEpoch: HEAD_EPOCH - 1 })
    expect(run.deal.Message).toBe(
      rejected(`${V.startPassed} (start ${HEAD_EPOCH - 1}, current ${HEAD_EPOCH})`),
    )
  })

  it('deal duration too short (less than 180 days)', async () => {
    const { run } = await validate({ EndEpoch: START_EPOCH + 180 * EPOCHS_PER_DAY - 1 })
    expect(run.deal.State).toBe('StorageDealRejecting')
    expect(run.deal.Message).toContain(V.duration)
  })

  it('deal duration too long (more than 540 days)', async () => {
    const fields = { EndEpoch: START_EPOCH + 540 * EPOCHS_PER_DAY + 1 }
    await fundClient(fields)
    const { run } = await validate(fields)
    expect(run.deal.Message).toContain(V.duration)
  })

  it('end epoch too long after current epoch', async () => {
    world.node.head = { ...world.node.head, epoch: 40 }
    const fields = { StartEpoch: 50, EndEpoch: 50 + 540 * EPOCHS_PER_DAY }
    await fundClient(fields)
    const { run } = await validate(fields)
    expect(run.deal.Message).toContain(V.endTooFar)
  })

  it('rejects a start epoch inside the deal-start buffer of 480 epochs', async () => {
    const fields = { StartEpoch: HEAD_EPOCH + 479, EndEpoch: HEAD_EPOCH + 479 + 200 * EPOCHS_PER_DAY }
    await fundClient(fields)
    const { run } = await validate(fields)
    expect(run.deal.Message).toBe(
      rejected(`${V.startTooSoon} (start ${HEAD_EPOCH + 479} < ${HEAD_EPOCH} + 480)`),
    )
  })

  it('accepts a start epoch exactly at the end of the deal-start buffer', async () => {
    const fields = { StartEpoch: HEAD_EPOCH + 480, EndEpoch: HEAD_EPOCH + 480 + 200 * EPOCHS_PER_DAY }
    await fundClient(fields)
    const { run } = await validate(fields)
    expect(run.deal.State).toBe('StorageDealAcceptWait')
  })

  it('rejects a provider collateral outside the network bounds, and a bounds lookup failure', async () => {
    expect((await validate({ ProviderCollateral: 4999n })).run.deal.Message).toBe(
      rejected(`${V.collateralLow} (4999 < 5000)`),
    )
    world.node.collateralBounds = { min: 0n, max: 9999n }
    expect((await validate()).run.deal.Message).toBe(rejected(`${V.collateralHigh} (10000 > 9999)`))
    world.node.faults.fail('dealProviderCollateralBounds', new Error('no power table'))
    expect((await validate()).run.deal.Message).toBe(rejected(wrap(V.collateralBounds, 'no power table')))
  })

  it('reports the first failing check in the reference order', async () => {
    // Both the price and the start epoch are wrong; the epoch checks come first.
    const { run } = await validate({ StartEpoch: HEAD_EPOCH - 1, StoragePricePerEpoch: 1n })
    expect(run.deal.Message).toContain(V.startPassed)
    expect(world.node.faults.of('dealProviderCollateralBounds')).toHaveLength(0)
  })
})
