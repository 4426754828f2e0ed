/**
 * Where every deal of the embedded market stands, kept up to date from both sides' notifications
 * so that a run can check its condition after every step without reading the datastores.
 *
 * @module
 */
import { CLIENT_FINAL_STATES } from '../client/index.ts'
import type { StuckDeal } from '../errors.ts'
import { PROVIDER_FINAL_STATES } from '../provider/index.ts'
import type { DealProgress, DealStates } from './api.ts'

const clientFinal: readonly string[] = CLIENT_FINAL_STATES
const providerFinal: readonly string[] = PROVIDER_FINAL_STATES

interface Entry {
  client: string | undefined
  provider: string | undefined
}

/** True when the deal needs nothing more from either side. */
export function isFinished(deal: DealStates): boolean {
  if (deal.client === undefined || !clientFinal.includes(deal.client)) return false
  return deal.provider === undefined || providerFinal.includes(deal.provider)
}

/** The default condition of a run: every deal finished. */
export function allFinished(progress: DealProgress): boolean {
  return progress.finished === progress.deals.length
}

/** The states of every deal on both sides, in the order the deals were first seen. */
export class DealTracker {
  readonly #deals = new Map<string, Entry>()

  /** Records the client's state of a deal. */
  client(proposalCid: string, state: string): void {
    this.#entry(proposalCid).client = state
  }

  /** Records the provider's state of a deal. */
  provider(proposalCid: string, state: string): void {
    this.#entry(proposalCid).provider = state
  }

  /** The progress at `epoch`. */
  progress(epoch: number): DealProgress {
    const client: Record<string, number> = {}
    const provider: Record<string, number> = {}
    const deals: DealStates[] = []
    let finished = 0
    for (const [proposalCid, entry] of this.#deals) {
      const deal: DealStates = { proposalCid, client: entry.client, provider: entry.provider }
      deals.push(deal)
      if (entry.client !== undefined) client[entry.client] = (client[entry.client] ?? 0) + 1
      if (entry.provider !== undefined) provider[entry.provider] = (provider[entry.provider] ?? 0) + 1
      if (isFinished(deal)) finished++
    }
    return { epoch, client, provider, deals, finished }
  }

  /** The deals not finished, for a timeout's report. */
  stuck(): StuckDeal[] {
    return this.progress(0)
      .deals.filter((deal) => !isFinished(deal))
      .map((deal) => ({
        proposalCid: deal.proposalCid,
        clientState: deal.client,
        providerState: deal.provider,
      }))
  }

  #entry(proposalCid: string): Entry {
    let entry = this.#deals.get(proposalCid)
    if (entry === undefined) {
      entry = { client: undefined, provider: undefined }
      this.#deals.set(proposalCid, entry)
    }
    return entry
  }
}
