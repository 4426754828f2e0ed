import type { MinerDeal } from '../../src/market/index.ts'
import {
  PROVIDER_ENTRY_FUNCTIONS,
  type ProviderEvent,
  type ProviderState,
  providerMachine,
} from '../../src/provider/index.ts'
import type { ProviderWorld } from '../fakes/provider-world.ts'

/** What running one entry function produced. */
export interface EntryRun {
  /** The deal after replaying every triggered event onto it. */
  readonly deal: MinerDeal
  /** The events the entry function triggered, in order (the returned one last). */
  readonly events: ProviderEvent[]
  /** Event types only. */
  readonly types: string[]
}

/** Options of {@link runEntry}. */
export interface RunOptions {
  /** Runs while the entry function is in progress (advance the clock, fire watchers, abort...). */
  readonly during?: (control: { abort: () => void }) => Promise<void>
}

/**
 * The reference's executor: run the entry function of `deal.State` once against the world's
 * environment, let timers and callbacks settle, then replay the events it triggered onto the deal
 * with the real machine (each must be allowed in turn).
 */
export async function runEntry(
  world: ProviderWorld,
  deal: MinerDeal,
  options: RunOptions = {},
): Promise<EntryRun> {
  const state = deal.State as ProviderState
  const entry = PROVIDER_ENTRY_FUNCTIONS[state]
  if (entry === undefined) throw new Error(`state ${state} has no entry function`)
  const events: ProviderEvent[] = []
  const controller = new AbortController()
  // Settled at once, so a run that rejects while `during` is still going is never unhandled.
  const run = Promise.resolve(
    entry.run({
      id: deal.ProposalCid.toString(),
      record: deal,
      env: world.environment(),
      signal: controller.signal,
      trigger: async (event) => {
        if (controller.signal.aborted) return false
        events.push(event)
        return true
      },
    }),
  ).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
  await options.during?.({ abort: () => controller.abort() })
  const outcome = await run
  if ('error' in outcome && !controller.signal.aborted) throw outcome.error
  const result = 'value' in outcome ? outcome.value : undefined
  if (result !== undefined && result !== null && !controller.signal.aborted) events.push(result)
  await world.clock.runDue()
  return { deal: replay(deal, events), events, types: events.map((event) => event.type) }
}

/** Apply events to a deal with the machine's table and actions. */
export function replay(deal: MinerDeal, events: readonly ProviderEvent[]): MinerDeal {
  let record = deal
  for (const event of events) record = providerMachine.step(deal.ProposalCid.toString(), record, event).record
  return record
}
