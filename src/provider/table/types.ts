/**
 * Shared types of the provider event-table parts: each phase file declares the events of one
 * phase, and machine.ts joins them into the full table.
 *
 * @module
 */

import type { EventTable } from '../../fsm/index.ts'
import type { MinerDeal } from '../../market/index.ts'
import type { ProviderEvent, ProviderEventType } from '../events.ts'
import type { ProviderState } from '../states.ts'

/** The complete provider event table. */
export type ProviderEventTable = EventTable<ProviderState, MinerDeal, ProviderEvent>

/** The part of the provider event table that declares the events `K`. */
export type ProviderTablePart<K extends ProviderEventType> = Pick<ProviderEventTable, K>
