/**
 * The demo's live progress: how many deals are in each state, on one line. On a terminal the line
 * is redrawn in place; in a log it is printed again only when it changed and at most once every
 * `every` updates, so a long run leaves a short log.
 *
 * @module
 */

import type { StorageDealStatus } from '../market/index.ts'
import { shortStatus } from './format.ts'
import type { CliIo } from './io.ts'

/**
 * Client statuses in the order a deal goes through them, so the counts read left to right as the
 * deals advance; statuses not listed follow in name order.
 */
const LIFECYCLE_ORDER: readonly StorageDealStatus[] = [
  'StorageDealUnknown',
  'StorageDealReserveClientFunds',
  'StorageDealClientFunding',
  'StorageDealFundsReserved',
  'StorageDealStartDataTransfer',
  'StorageDealTransferQueued',
  'StorageDealTransferring',
  'StorageDealClientTransferRestart',
  'StorageDealCheckForAcceptance',
  'StorageDealProposalAccepted',
  'StorageDealAwaitingPreCommit',
  'StorageDealSealing',
  'StorageDealActive',
  'StorageDealExpired',
  'StorageDealSlashed',
  'StorageDealFailing',
  'StorageDealError',
]

function rank(status: string): number {
  const index = (LIFECYCLE_ORDER as readonly string[]).indexOf(status)
  return index === -1 ? LIFECYCLE_ORDER.length : index
}

/** `3 Transferring, 7 Active`: non-zero counts in lifecycle order, without the common prefix. */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([status, count]) => `${count} ${shortStatus(status)}`)
    .join(', ')
}

/** Erases from the cursor to the end of the line, so a shorter line leaves no leftovers. */
const CLEAR_TO_END = '\u001b[K'

/** Renders successive progress lines to a {@link CliIo}. */
export class ProgressLine {
  readonly #io: CliIo
  readonly #every: number
  #last = ''
  #lastKey = ''
  #pending = ''
  #pendingKey = ''
  #sinceLast: number
  #drawn = false

  /** `every`: in a log, the least number of updates between two printed lines. */
  constructor(io: CliIo, every: number) {
    this.#io = io
    this.#every = Math.max(1, every)
    // The first state is always worth a line.
    this.#sinceLast = this.#every
  }

  /**
   * Shows `text`. A terminal redraws it whenever it changes; a log prints it when `key` (what
   * counts as a change, e.g. the counts without the epoch) differs from the last printed line's.
   */
  update(text: string, key = text): void {
    this.#sinceLast++
    const terminal = this.#io.terminal
    if (terminal !== undefined) {
      if (text === this.#last) return
      terminal.write(`\r${text}${CLEAR_TO_END}`)
      this.#last = text
      this.#drawn = true
      return
    }
    this.#pending = text
    this.#pendingKey = key
    if (key !== this.#lastKey && this.#sinceLast >= this.#every) this.#print()
  }

  /** Shows the last state if it was held back, and ends the terminal line. */
  finish(): void {
    if (this.#io.terminal !== undefined) {
      if (this.#drawn) this.#io.terminal.write('\n')
      this.#drawn = false
      return
    }
    if (this.#pending !== '' && this.#pendingKey !== this.#lastKey) this.#print()
  }

  #print(): void {
    this.#io.out(this.#pending)
    this.#lastKey = this.#pendingKey
    this.#sinceLast = 0
  }
}
