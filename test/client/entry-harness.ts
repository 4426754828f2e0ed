import {
  CLIENT_ENTRY_FUNCTIONS,
  type ClientEvent,
  type ClientState,
  createClientEnvironment,
  createClientMachine,
} from '../../src/client/index.ts'
import { messageOf } from '../../src/errors.ts'
import type { ClientDeal } from '../../src/market/index.ts'
import { type ClientFakes, POLLING_INTERVAL_MS, settle } from './setup.ts'

/** One entry function run against the fakes, outside any state group. */
export interface EntryRun {
  /** The deal after every event the function triggered so far. */
  readonly deal: ClientDeal
  /** The events it triggered (and returned), in order. */
  readonly events: readonly ClientEvent[]
  /** Whether the function has returned. */
  readonly done: boolean
  /** Move virtual time on by `ms`, then let everything settle. */
  advance(ms: number): Promise<void>
}

/**
 * Run the entry function of `deal.State` once, the way go-fil-markets' unit tests do: every event
 * it triggers is checked against the real event table and applied to the deal (an event the table
 * refuses fails the test), but the next state's entry function never runs. Leaving the state
 * aborts the run's signal, as the state group does.
 */
export async function runEntry(fakes: ClientFakes, start: ClientDeal): Promise<EntryRun> {
  const machine = createClientMachine(fakes.clock)
  const state = start.State as ClientState
  const entry = CLIENT_ENTRY_FUNCTIONS[state]
  if (entry === undefined) throw new Error(`${state} has no entry function`)
  const env = createClientEnvironment(fakes, {
    pollingIntervalMs: POLLING_INTERVAL_MS,
    cleanBlockstore: fakes.blockstore.clean,
  })
  const controller = new AbortController()
  let deal = start
  let done = false
  const events: ClientEvent[] = []
  const id = start.ProposalCid.toString()
  const apply = async (event: ClientEvent): Promise<boolean> => {
    if (controller.signal.aborted) return false
    try {
      const step = machine.step(id, deal, event)
      events.push(event)
      deal = step.record
      if (step.reentered) controller.abort()
      return true
    } catch (error) {
      refused.push(error as Error)
      return false
    }
  }
  const refused: Error[] = []
  const checked = async (): Promise<void> => {
    await settle(fakes)
    if (refused.length > 0) throw refused[0]
  }
  void Promise.resolve(entry.run({ id, record: start, env, signal: controller.signal, trigger: apply })).then(
    async (event) => {
      done = true
      if (event !== undefined) await apply(event)
    },
    async (error: unknown) => {
      done = true
      if (!controller.signal.aborted)
        await apply(machine.spec.failureEvent(`${entry.name}: ${messageOf(error)}`, state))
    },
  )
  await checked()
  return {
    get deal() {
      return deal
    },
    get events() {
      return events
    },
    get done() {
      return done
    },
    async advance(ms) {
      await fakes.clock.advance(ms)
      await checked()
    },
  }
}
