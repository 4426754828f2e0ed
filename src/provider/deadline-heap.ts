/**
 * A min-heap of (epoch, id) entries for {@link DataDeadlines}: a sweep takes the due entries in
 * O(k log n) instead of scanning every waiting deal. Entries of deals that left the index are
 * dropped lazily (when they come up, or by {@link DeadlineHeap.compact}).
 *
 * @module
 */

import type { ChainEpoch } from '../market/index.ts'

/** One deadline: the deal's id and its epoch. */
export interface DeadlineEntry {
  readonly epoch: ChainEpoch
  readonly id: string
}

/** Deadlines ordered by epoch. */
export class DeadlineHeap {
  #items: DeadlineEntry[] = []

  /** Entries held, stale ones included. */
  get size(): number {
    return this.#items.length
  }

  push(epoch: ChainEpoch, id: string): void {
    this.#items.push({ epoch, id })
    this.#up(this.#items.length - 1)
  }

  /**
   * Remove and return the entries due at `head` (epoch ≤ head) whose id `live` still maps to that
   * epoch, earliest first; stale entries met on the way are dropped.
   */
  popDue(head: ChainEpoch, live: ReadonlyMap<string, ChainEpoch>): DeadlineEntry[] {
    const due: DeadlineEntry[] = []
    const seen = new Set<string>()
    for (let top = this.#items[0]; top !== undefined && top.epoch <= head; top = this.#items[0]) {
      this.#pop()
      if (live.get(top.id) === top.epoch && !seen.has(top.id)) {
        seen.add(top.id)
        due.push(top)
      }
    }
    return due
  }

  /** Rebuild without stale entries once they outnumber the live ones (keeps memory bounded). */
  compact(live: ReadonlyMap<string, ChainEpoch>): void {
    if (this.#items.length <= 2 * live.size + 64) return
    const items = [...live].map(([id, epoch]) => ({ epoch, id }))
    this.#items = []
    for (const item of items) this.push(item.epoch, item.id)
  }

  #pop(): void {
    const last = this.#items.pop()
    if (last === undefined || this.#items.length === 0) return
    this.#items[0] = last
    this.#down(0)
  }

  #up(index: number): void {
    const items = this.#items
    for (let i = index; i > 0; ) {
      const parent = (i - 1) >> 1
      if ((items[parent] as DeadlineEntry).epoch <= (items[i] as DeadlineEntry).epoch) return
      this.#swap(i, parent)
      i = parent
    }
  }

  #down(index: number): void {
    const items = this.#items
    for (let i = index; ; ) {
      const left = 2 * i + 1
      const right = left + 1
      let least = i
      if (left < items.length && (items[left] as DeadlineEntry).epoch < (items[least] as DeadlineEntry).epoch)
        least = left
      if (
        right < items.length &&
        (items[right] as DeadlineEntry).epoch < (items[least] as DeadlineEntry).epoch
      )
        least = right
      if (least === i) return
      this.#swap(i, least)
      i = least
    }
  }

  #swap(a: number, b: number): void {
    const items = this.#items
    const item = items[a] as DeadlineEntry
    items[a] = items[b] as DeadlineEntry
    items[b] = item
  }
}
