import { describe, expect, it } from 'vitest'
import { UnknownDealEventError, UnknownStatusError } from '../../src/errors.ts'
import {
  CLIENT_EVENT_DESCRIPTIONS,
  CLIENT_EVENTS,
  clientEventCode,
  clientEventName,
  isStorageDealStatus,
  PROVIDER_EVENT_DESCRIPTIONS,
  PROVIDER_EVENTS,
  providerEventCode,
  providerEventName,
  resolveClientEventName,
  resolveProviderEventName,
  resolveStatusName,
  STATUS_INFO,
  STORAGE_DEAL_STATUSES,
  statusCode,
  statusDescription,
  statusExpectedDuration,
  statusName,
} from '../../src/market/index.ts'

describe('StorageDealStatus', () => {
  it('has the 31 v1.28.3 names at their Go codes', () => {
    expect(STORAGE_DEAL_STATUSES).toHaveLength(31)
    expect(statusCode('StorageDealUnknown')).toBe(0)
    expect(statusCode('StorageDealStaged')).toBe(4)
    expect(statusCode('StorageDealFundsReserved')).toBe(12)
    expect(statusCode('StorageDealWaitingForData')).toBe(18)
    expect(statusCode('StorageDealReserveClientFunds')).toBe(21)
    expect(statusCode('StorageDealError')).toBe(26)
    expect(statusCode('StorageDealAwaitingPreCommit')).toBe(29)
    expect(statusCode('StorageDealTransferQueued')).toBe(30)
    STORAGE_DEAL_STATUSES.forEach((name, code) => {
      expect(statusName(code)).toBe(name)
    })
  })

  it('accepts the former names with the same codes and resolves them to the current ones', () => {
    expect(statusCode('StorageDealEnsureClientFunds')).toBe(21)
    expect(statusCode('StorageDealEnsureProviderFunds')).toBe(20)
    expect(resolveStatusName('StorageDealEnsureClientFunds')).toBe('StorageDealReserveClientFunds')
    expect(resolveStatusName('StorageDealRecordPiece')).toBe('StorageDealFinalizing')
    expect(resolveStatusName('StorageDealProviderTransferRestart')).toBe(
      'StorageDealProviderTransferAwaitRestart',
    )
    expect(isStorageDealStatus('StorageDealEnsureClientFunds')).toBe(false)
  })

  it('throws UnknownStatusError for unknown names and codes', () => {
    expect(() => statusCode('StorageDealNope')).toThrow(UnknownStatusError)
    expect(() => statusCode('toString')).toThrow(UnknownStatusError)
    expect(() => statusName(31)).toThrow(UnknownStatusError)
    expect(() => statusName(-1)).toThrow(UnknownStatusError)
    expect(() => statusName(1.5)).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_STATUS' }))
  })

  it('keeps the reference description and duration strings, empty for TransferQueued', () => {
    expect(statusDescription('StorageDealReserveClientFunds')).toBe('Reserving client funds')
    expect(statusExpectedDuration('StorageDealSealing')).toBe('a few hours')
    expect(statusDescription('StorageDealTransferQueued')).toBe('')
    expect(statusExpectedDuration('StorageDealTransferQueued')).toBe('')
    expect(statusExpectedDuration('StorageDealActive')).toBe('')
    for (const name of STORAGE_DEAL_STATUSES) expect(STATUS_INFO[name].meaning).not.toBe('')
  })
})

describe('deal event names', () => {
  it('client events carry their v1.28.3 codes', () => {
    expect(CLIENT_EVENTS).toHaveLength(35)
    expect(clientEventCode('ClientEventOpen')).toBe(0)
    expect(clientEventCode('ClientEventDealPrecommitFailed')).toBe(23)
    expect(clientEventCode('ClientEventDealActivationFailed')).toBe(25)
    expect(clientEventCode('ClientEventDataTransferQueued')).toBe(34)
    expect(clientEventName(31)).toBe('ClientEventRestart')
    for (const name of CLIENT_EVENTS) expect(CLIENT_EVENT_DESCRIPTIONS[name]).not.toBe('')
  })

  it('accepts the pre-1.0.4 client event names', () => {
    expect(clientEventCode('ClientEventEnsureFundsFailed')).toBe(1)
    expect(clientEventCode('ClientEventFundsEnsured')).toBe(5)
    expect(resolveClientEventName('ClientEventFundsEnsured')).toBe('ClientEventFundingComplete')
  })

  it('provider events carry their v1.28.3 codes', () => {
    expect(PROVIDER_EVENTS).toHaveLength(43)
    expect(providerEventCode('ProviderEventOpen')).toBe(0)
    expect(providerEventCode('ProviderEventDealActivated')).toBe(29)
    expect(providerEventCode('ProviderEventFinalized')).toBe(31)
    expect(providerEventCode('ProviderEventRestart')).toBe(38)
    expect(providerEventName(42)).toBe('ProviderEventAwaitTransferRestartTimeout')
    expect(resolveProviderEventName('ProviderEventCleanupFinished')).toBe('ProviderEventFinalized')
    for (const name of PROVIDER_EVENTS) expect(PROVIDER_EVENT_DESCRIPTIONS[name]).not.toBe('')
  })

  it('throws UnknownDealEventError naming the side', () => {
    expect(() => clientEventCode('ProviderEventOpen')).toThrow(UnknownDealEventError)
    expect(() => providerEventName(43)).toThrow(expect.objectContaining({ side: 'provider', event: 43 }))
  })
})
