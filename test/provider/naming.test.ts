import { describe, expect, it } from 'vitest'
import { resolveProviderEventName, statusCode } from '../../src/market/index.ts'
import {
  PROVIDER_ENTRY_FUNCTION_ALIASES,
  PROVIDER_ENTRY_FUNCTIONS,
  PROVIDER_EVENT_TYPE_ALIASES,
  PROVIDER_FINAL_STATES,
  PROVIDER_STATE_ALIASES,
  PROVIDER_STATE_DESCRIPTIONS,
  PROVIDER_STATES,
  providerMachine,
} from '../../src/provider/index.ts'

describe('provider names', () => {
  it('has exactly the provider states of go-fil-markets v1.28.3, identified by their Go codes', () => {
    expect(PROVIDER_STATES.map(statusCode)).toEqual([
      0, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 17, 18, 19, 20, 22, 24, 25, 26, 27, 29,
    ])
    for (const state of PROVIDER_STATES) {
      expect(PROVIDER_STATE_DESCRIPTIONS[state].code).toBe(statusCode(state))
      expect(PROVIDER_STATE_DESCRIPTIONS[state].description).toMatch(/\.$/)
    }
    expect(PROVIDER_FINAL_STATES).toEqual(['StorageDealError', 'StorageDealSlashed', 'StorageDealExpired'])
    expect(providerMachine.isParked('StorageDealActive')).toBe(true)
  })

  it('runs each go-fil-markets entry function in its state', () => {
    const names = Object.fromEntries(
      Object.entries(PROVIDER_ENTRY_FUNCTIONS).map(([s, e]) => [statusCode(s), e?.name]),
    )
    expect(names).toEqual({
      14: 'ValidateDealProposal',
      15: 'DecideOnProposal',
      27: 'WaitForTransferRestart',
      19: 'VerifyData',
      20: 'ReserveProviderFunds',
      22: 'WaitForFunding',
      24: 'PublishDeal',
      25: 'WaitForPublish',
      4: 'HandoffDeal',
      29: 'VerifyDealPreCommitted',
      5: 'VerifyDealActivated',
      10: 'RejectDeal',
      6: 'CleanupDeal',
      7: 'WaitForDealCompletion',
      11: 'FailDeal',
    })
  })

  it('accepts the names used before v1.0.4 as aliases of the current ones', () => {
    expect(PROVIDER_STATE_ALIASES.StorageDealEnsureProviderFunds).toBe('StorageDealReserveProviderFunds')
    for (const [alias, current] of Object.entries(PROVIDER_STATE_ALIASES))
      expect(statusCode(alias)).toBe(statusCode(current))
    const entryNames = Object.values(PROVIDER_ENTRY_FUNCTIONS).map((e) => e?.name)
    expect(PROVIDER_ENTRY_FUNCTION_ALIASES.EnsureProviderFunds).toBe('ReserveProviderFunds')
    for (const current of Object.values(PROVIDER_ENTRY_FUNCTION_ALIASES))
      expect(entryNames).toContain(current)
    for (const [alias, current] of Object.entries(PROVIDER_EVENT_TYPE_ALIASES)) {
      expect(resolveProviderEventName(alias)).toBe(current)
    }
  })

  it('describes every event in one line', () => {
    for (const event of providerMachine.table.events()) {
      const description = (providerMachine.spec.events as Record<string, { description?: string }>)[event]
        ?.description
      expect(description, event).toMatch(/^[A-Z].*\.$/)
    }
  })
})
