/**
 * The provider's deadline for a deal's data. go-fil-markets lets a deal wait in
 * StorageDealWaitingForData (or in a transfer that never ends) for ever when the client gives up
 * before any data moved. Here a deal still waiting for its data when the chain reaches the
 * proposal's StartEpoch is failed (ProviderEventDataDeadlinePassed), through Failing, which
 * releases what it holds and removes its staging area: once the start epoch is reached, a publish
 * message could only land after it, and the market actor refuses those.
 *
 * One schedule serves every deal: an index of waiting deals ordered by start epoch, and one clock
 * timer, armed only while the index is not empty, that reads the chain head once per sweep and fails
 * the deals whose start epoch it reached. There is no timer or chain subscription per deal.
 *
 * @module
 */

import type { StorageProviderNode } from '../adapters/node.ts'
import { AbortError, AdapterError, messageOf } from '../errors.ts'
import type { Clock, TimerId } from '../fsm/index.ts'
import type { ChainEpoch, MinerDeal } from '../market/index.ts'
import { type DeadlineEntry, DeadlineHeap } from './deadline-heap.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import type { ProviderLogger } from './environment.ts'
import type { ProviderEvent } from './events.ts'
import { DATA_DEADLINE_STATES } from './states.ts'

/** What the data deadlines are built from. */
export interface DataDeadlinesComponents {
  readonly group: Pick<ProviderDealGroup, 'subscribe' | 'send'>
  readonly node: Pick<StorageProviderNode, 'getChainHead'>
  readonly clock: Clock
  readonly logger: ProviderLogger
}

/** Options of {@link DataDeadlines}. */
export interface DataDeadlinesInit {
  /**
   * Clock ms between two sweeps while deals wait for data; a sweep's head read is also given up
   * after this long (the next sweep asks again).
   * @default 30_000 (one mainnet epoch)
   */
  readonly intervalMs?: number
}

const waiting: readonly string[] = DATA_DEADLINE_STATES

/** Deals failed at once by a sweep. */
const SEND_BATCH = 8

/** True when the deal waits for its data. */
export function waitsForData(deal: MinerDeal): boolean {
  return waiting.includes(deal.State)
}

/** The deadlines of the deals waiting for their data, checked by one shared sweep. */
export class DataDeadlines {
  readonly #components: DataDeadlinesComponents
  readonly #intervalMs: number
  readonly #heap = new DeadlineHeap()
  /** Waiting deals by proposal CID, with their start epoch. */
  readonly #waiting = new Map<string, ChainEpoch>()
  #timer: { id: TimerId; at: number } | undefined
  #sweep: AbortController | undefined
  #again = false
  #stopped = false

  constructor(components: DataDeadlinesComponents, init: DataDeadlinesInit = {}) {
    this.#components = components
    this.#intervalMs = init.intervalMs ?? 30_000
    if (!(this.#intervalMs > 0)) throw new RangeError(`invalid deadline sweep interval ${this.#intervalMs}`)
  }

  /** Deals waiting for their data. */
  get size(): number {
    return this.#waiting.size
  }

  /**
   * Follow the group: a deal enters the index when a notification shows it waiting for its data and
   * leaves it when one shows it elsewhere. A restart that finds a deal waiting asks for a sweep at
   * once, so a deal restored past its start epoch fails promptly. Returns the unsubscribe function.
   */
  follow(): () => void {
    return this.#components.group.subscribe((event, deal) => this.#track(event, deal))
  }

  /** Cancel the timer and any sweep; the index is kept for a later start. */
  stop(): void {
    this.#stopped = true
    this.#disarm()
    this.#sweep?.abort(new AbortError('the provider stopped'))
  }

  #track(event: ProviderEvent, deal: MinerDeal): void {
    const id = deal.ProposalCid.toString()
    if (!waitsForData(deal)) {
      this.#waiting.delete(id)
      this.#heap.compact(this.#waiting)
      if (this.#waiting.size === 0) this.#disarm()
      return
    }
    if (!this.#waiting.has(id)) {
      const startEpoch = deal.Proposal.StartEpoch
      this.#waiting.set(id, startEpoch)
      this.#heap.push(startEpoch, id)
    }
    this.#arm(event.type === 'ProviderEventRestart' ? 0 : this.#intervalMs)
  }

  /** Make sure a sweep runs within `ms` (an earlier timer is kept). */
  #arm(ms: number): void {
    if (this.#stopped) return
    const { clock } = this.#components
    const at = clock.now() + ms
    if (this.#timer !== undefined) {
      if (this.#timer.at <= at) return
      clock.clearTimeout(this.#timer.id)
    }
    this.#timer = { id: clock.setTimeout(() => this.#fire(), ms), at }
  }

  #disarm(): void {
    if (this.#timer === undefined) return
    this.#components.clock.clearTimeout(this.#timer.id)
    this.#timer = undefined
  }

  #fire(): void {
    this.#timer = undefined
    if (this.#sweep !== undefined) {
      this.#again = true
      return
    }
    void this.#run()
  }

  async #run(): Promise<void> {
    const controller = new AbortController()
    this.#sweep = controller
    try {
      await this.#sweepOnce(controller)
    } catch (error) {
      if (!controller.signal.aborted || !this.#stopped) {
        this.#components.logger.warn(`data deadlines: the sweep failed: ${messageOf(error)}`)
      }
    } finally {
      this.#sweep = undefined
    }
    if (this.#waiting.size === 0 || this.#stopped) return
    const again = this.#again
    this.#again = false
    this.#arm(again ? 0 : this.#intervalMs)
  }

  /** Read the head once and fail every waiting deal whose start epoch it reached. */
  async #sweepOnce(controller: AbortController): Promise<void> {
    if (this.#waiting.size === 0) return
    const { clock, node } = this.#components
    // A head read that hangs is given up after one interval; the next sweep asks again.
    const timeout = clock.setTimeout(
      () => controller.abort(new AbortError('the chain head read timed out')),
      this.#intervalMs,
    )
    let headEpoch: unknown
    try {
      headEpoch = (await node.getChainHead({ signal: controller.signal }))?.epoch
    } finally {
      clock.clearTimeout(timeout)
    }
    // A node answering garbage must not fail deals: only a real epoch counts.
    if (!Number.isSafeInteger(headEpoch)) throw new AdapterError('the node answered no chain head epoch')
    const due = this.#heap.popDue(headEpoch as ChainEpoch, this.#waiting)
    for (const entry of due) this.#waiting.delete(entry.id)
    // A few at a time: each failure is a record write, and thousands may fall due together.
    for (let i = 0; i < due.length; i += SEND_BATCH) {
      await Promise.all(
        due.slice(i, i + SEND_BATCH).map((entry) => this.#fail(entry, headEpoch as ChainEpoch)),
      )
    }
  }

  async #fail({ id, epoch }: DeadlineEntry, headEpoch: ChainEpoch): Promise<void> {
    const { group, logger } = this.#components
    const event: ProviderEvent = { type: 'ProviderEventDataDeadlinePassed', startEpoch: epoch, headEpoch }
    try {
      await group.send(id, event)
    } catch (error) {
      // The deal moved on (its data arrived) or ended since it was indexed: nothing to do.
      const code = (error as { code?: unknown }).code
      if (code === 'ERR_INVALID_TRANSITION' || code === 'ERR_DEAL_NOT_FOUND') return
      logger.warn(`deal ${id}: ${event.type} not applied: ${messageOf(error)}`)
      // Tried again at the next sweep.
      if (!this.#waiting.has(id)) {
        this.#waiting.set(id, epoch)
        this.#heap.push(epoch, id)
      }
    }
  }
}
