/**
 * Shared pieces of the client event table: its types and the two record updates most actions
 * make (a deal-stage log line, or a failure message that is also logged).
 *
 * @module
 */

import type { EventDefinition } from '../fsm/index.ts'
import { addLog, type CborTime, type ClientDeal } from '../market/index.ts'
import type { ClientEventOf, ClientEventType } from './events.ts'
import type { ClientState } from './states.ts'

/** The current time as deal records store it (ns since the epoch). */
export type Now = () => CborTime

/** A {@link Now} reading `clock` (ms) in nanoseconds, as go-fil-markets' CborTime. */
export function recordTime(clock: { now(): number }): Now {
  return () => BigInt(Math.trunc(clock.now())) * 1_000_000n
}

/** The table entries of some client events. */
export type ClientTablePart<K extends ClientEventType> = {
  readonly [T in K]: EventDefinition<ClientState, ClientDeal, ClientEventOf<T>>
}

/**
 * A line in the deal-stage log. As in go-fil-markets, actions run before the state changes, so
 * the line lands in the stage of the state the event leaves.
 */
export function logLine(deal: Readonly<ClientDeal>, line: string, now: Now): Partial<ClientDeal> {
  return { DealStages: addLog(deal, deal.State, line, now()) }
}

/** Set `Message` and log it: what every failure event does. */
export function failWith(deal: Readonly<ClientDeal>, message: string, now: Now): Partial<ClientDeal> {
  return { Message: message, ...logLine(deal, message, now) }
}
