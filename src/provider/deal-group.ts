/**
 * The state group holding the provider's deals, and how their records are stored.
 *
 * @module
 */

import type { RecordCodec, StateGroup } from '../fsm/index.ts'
import { decodeStoredMinerDeal, encodeStoredMinerDeal, type MinerDeal } from '../market/index.ts'
import type { ProviderDealEnvironment } from './environment.ts'
import type { ProviderEvent } from './events.ts'
import type { ProviderState } from './states.ts'

/** The provider's deals by proposal CID. */
export type ProviderDealGroup = StateGroup<ProviderState, ProviderEvent, MinerDeal, ProviderDealEnvironment>

/**
 * Deal records are stored in go-fil-markets' MinerDeal map layout with the state written by name,
 * so addresses keep their type and records written by go-fil-markets (numeric state) still read.
 */
export const minerDealCodec: RecordCodec<MinerDeal> = {
  encode: encodeStoredMinerDeal,
  decode: (bytes) => decodeStoredMinerDeal(bytes),
}
