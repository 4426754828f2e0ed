import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeError } from '../../src/errors.ts'
import {
  decodeStoredClientDeal,
  decodeStoredMinerDeal,
  encodeClientDeal,
  encodeMinerDeal,
  encodeStoredClientDeal,
  encodeStoredMinerDeal,
} from '../../src/market/index.ts'
import { clientDeal, minerDeal } from './arbitraries.ts'
import { expectSame } from './same-value.ts'

const stateOf = (bytes: Uint8Array): unknown => (dagCbor.decode(bytes) as { State: unknown }).State

describe('persisted deal records', () => {
  it('write the state by name and read back the same client deal', () => {
    fc.assert(
      fc.property(clientDeal, (deal) => {
        const bytes = encodeStoredClientDeal(deal)
        expect(stateOf(bytes)).toBe(deal.State)
        expectSame(decodeStoredClientDeal(bytes), deal)
      }),
      { numRuns: 200 },
    )
  })

  it('write the state by name and read back the same provider deal', () => {
    fc.assert(
      fc.property(minerDeal, (deal) => {
        const bytes = encodeStoredMinerDeal(deal)
        expect(stateOf(bytes)).toBe(deal.State)
        expectSame(decodeStoredMinerDeal(bytes), deal)
      }),
      { numRuns: 200 },
    )
  })

  it('still read records written by go-fil-markets, with the state as its numeric code', () => {
    fc.assert(
      fc.property(clientDeal, minerDeal, (c, m) => {
        expect(typeof stateOf(encodeClientDeal(c))).toBe('number')
        expectSame(decodeStoredClientDeal(encodeClientDeal(c)), c)
        expectSame(decodeStoredMinerDeal(encodeMinerDeal(m)), m)
      }),
      { numRuns: 100 },
    )
  })

  it('read pre-1.0.4 state names as their current names, and reject unknown names', () => {
    const deal = fc.sample(clientDeal, { numRuns: 1, seed: 7 })[0]
    if (deal === undefined) throw new Error('no sample')
    const map = dagCbor.decode(encodeStoredClientDeal(deal)) as Record<string, unknown>
    const legacy = dagCbor.encode({ ...map, State: 'StorageDealEnsureClientFunds' })
    expect(decodeStoredClientDeal(legacy).State).toBe('StorageDealReserveClientFunds')
    const unknown = dagCbor.encode({ ...map, State: 'StorageDealNoSuchState' })
    expect(() => decodeStoredClientDeal(unknown)).toThrow(DecodeError)
  })
})
