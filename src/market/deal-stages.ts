/**
 * The client's deal-stage log: a timeline with one stage per status the deal logged something in,
 * and the distinct messages logged there.
 *
 * @module
 */

import type { CborTime } from './epoch.ts'
import type { StorageDealStatus } from './status.ts'
import { STATUS_INFO } from './status-info.ts'

/** One logged line. */
export interface Log {
  /** The message. */
  readonly Log: string
  /** When it was logged. */
  readonly UpdatedTime: CborTime
}

/** Everything logged while the deal was in one status. */
export interface DealStage {
  /** Status name the stage is named after. */
  readonly Name: string
  /** The status's description string. */
  readonly Description: string
  /** The status's expected-duration string. */
  readonly ExpectedDuration: string
  /** When the stage was first logged to. */
  readonly CreatedTime: CborTime
  /** When the stage was last logged to. */
  readonly UpdatedTime: CborTime
  /** Lines logged, consecutive duplicates collapsed. */
  readonly Logs: readonly Log[]
}

/** The whole timeline, in the order stages were first logged to. */
export interface DealStages {
  /** The stages. */
  readonly Stages: readonly DealStage[]
}

/** A timeline with no stage, as a new client deal starts with. */
export function emptyDealStages(): DealStages {
  return { Stages: [] }
}

/**
 * Logs `message` into the stage of `stateName`, returning the new timeline (the input is not changed),
 * following go-fil-markets' `ClientDeal.AddLog`:
 * - inside an event action, pass the deal's state *before* the transition (Go logs from the source
 *   state because actions run before the state changes);
 * - the stage named after `stateName` is created (CreatedTime = now) at the end if missing;
 * - the stage's Name, Description, ExpectedDuration are (re)set and UpdatedTime = now, even when
 *   nothing is appended;
 * - the line is appended only when non-empty and different from the stage's last line;
 * - a deal without a timeline (`DealStages === null`, e.g. migrated from the oldest format) keeps none.
 *
 * Format the message before calling: Go applies printf only when arguments are given.
 */
export function addLog(
  deal: { readonly DealStages: DealStages | null },
  stateName: StorageDealStatus,
  message: string,
  now: CborTime,
): DealStages | null {
  const stages = deal.DealStages
  if (stages === null) return null
  const info = STATUS_INFO[stateName]
  const index = stages.Stages.findIndex((stage) => stage.Name === stateName)
  const previous = index === -1 ? undefined : stages.Stages[index]
  const logs = previous?.Logs ?? []
  const last = logs[logs.length - 1]
  const append = message !== '' && (last === undefined || last.Log !== message)
  const stage: DealStage = {
    Name: stateName,
    Description: info.label,
    ExpectedDuration: info.expectedDuration,
    CreatedTime: previous?.CreatedTime ?? now,
    UpdatedTime: now,
    Logs: append ? [...logs, { Log: message, UpdatedTime: now }] : logs,
  }
  const next = [...stages.Stages]
  if (index === -1) next.push(stage)
  else next[index] = stage
  return { Stages: next }
}
