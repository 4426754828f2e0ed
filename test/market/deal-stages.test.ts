import { describe, expect, it } from 'vitest'
import { addLog, type DealStages, emptyDealStages } from '../../src/market/index.ts'

const deal = (DealStages: DealStages | null) => ({ DealStages })

describe('addLog', () => {
  it('creates the stage of the given status with its description strings', () => {
    const stages = addLog(deal(emptyDealStages()), 'StorageDealReserveClientFunds', 'funds reserved', 10n)
    expect(stages).toEqual({
      Stages: [
        {
          Name: 'StorageDealReserveClientFunds',
          Description: 'Reserving client funds',
          ExpectedDuration: 'a few minutes',
          CreatedTime: 10n,
          UpdatedTime: 10n,
          Logs: [{ Log: 'funds reserved', UpdatedTime: 10n }],
        },
      ],
    })
  })

  it('appends to an existing stage, keeping CreatedTime and collapsing consecutive duplicates', () => {
    let stages: DealStages | null = emptyDealStages()
    stages = addLog(deal(stages), 'StorageDealCheckForAcceptance', 'provider is verifying the data', 1n)
    stages = addLog(deal(stages), 'StorageDealCheckForAcceptance', 'provider is verifying the data', 2n)
    stages = addLog(deal(stages), 'StorageDealCheckForAcceptance', 'waiting for publish', 3n)
    stages = addLog(deal(stages), 'StorageDealCheckForAcceptance', 'provider is verifying the data', 4n)
    const [stage] = stages?.Stages ?? []
    expect(stages?.Stages).toHaveLength(1)
    expect(stage?.CreatedTime).toBe(1n)
    expect(stage?.UpdatedTime).toBe(4n)
    expect(stage?.Logs.map((log) => [log.Log, log.UpdatedTime])).toEqual([
      ['provider is verifying the data', 1n],
      ['waiting for publish', 3n],
      ['provider is verifying the data', 4n],
    ])
  })

  it('an empty message only touches the stage', () => {
    let stages: DealStages | null = addLog(deal(emptyDealStages()), 'StorageDealFailing', 'boom', 1n)
    stages = addLog(deal(stages), 'StorageDealFailing', '', 5n)
    expect(stages?.Stages[0]?.Logs).toHaveLength(1)
    expect(stages?.Stages[0]?.UpdatedTime).toBe(5n)
    const fresh = addLog(deal(emptyDealStages()), 'StorageDealProposalAccepted', '', 7n)
    expect(fresh?.Stages).toEqual([
      expect.objectContaining({ Name: 'StorageDealProposalAccepted', CreatedTime: 7n, Logs: [] }),
    ])
  })

  it('adds new stages at the end, in first-logged order', () => {
    let stages: DealStages | null = emptyDealStages()
    stages = addLog(deal(stages), 'StorageDealReserveClientFunds', 'a', 1n)
    stages = addLog(deal(stages), 'StorageDealFundsReserved', 'b', 2n)
    stages = addLog(deal(stages), 'StorageDealReserveClientFunds', 'c', 3n)
    expect(stages?.Stages.map((stage) => stage.Name)).toEqual([
      'StorageDealReserveClientFunds',
      'StorageDealFundsReserved',
    ])
  })

  it('uses empty description strings for TransferQueued, as the reference maps lack it', () => {
    const stages = addLog(deal(emptyDealStages()), 'StorageDealTransferQueued', 'queued', 1n)
    expect(stages?.Stages[0]).toMatchObject({ Description: '', ExpectedDuration: '' })
  })

  it('does nothing for a deal without a timeline', () => {
    expect(addLog(deal(null), 'StorageDealFailing', 'boom', 1n)).toBeNull()
  })

  it('never mutates its input', () => {
    const before = addLog(deal(emptyDealStages()), 'StorageDealFailing', 'a', 1n)
    const snapshot = structuredClone(before)
    addLog(deal(before), 'StorageDealFailing', 'b', 2n)
    addLog(deal(before), 'StorageDealError', 'c', 3n)
    expect(before).toEqual(snapshot)
  })
})
