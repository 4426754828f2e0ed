/**
 * The simulated chain's tipsets and the state after each, for the most recent ones: state reads at
 * a tipset key and reorgs both look back through it. Older entries are dropped.
 *
 * @module
 */
import * as dagCbor from '@ipld/dag-cbor'
import { lotusCid } from 'iso-filecoin/utils'
import { CID } from 'multiformats/cid'
import { TipSetNotFoundError } from '../../errors.ts'
import { type TipSet, type TipSetKey, tipSetKeyEquals } from '../chain.ts'
import { type ChainState, cloneState } from './state.ts'

/**
 * A one-block tipset. `fork` tells apart the tipsets a reorg puts at the same height, so each has
 * its own key.
 */
export function makeTipSet(height: number, parents: TipSetKey, fork: number, timestamp: number): TipSet {
  const block = CID.decode(lotusCid(dagCbor.encode([height, [...parents], fork])))
  return { key: [block], height, parents, timestamp }
}

interface Entry {
  readonly tipSet: TipSet
  readonly state: ChainState
}

/** Recent tipsets of the current chain with a frozen copy of their state, oldest first. */
export class ChainHistory {
  readonly #entries: Entry[] = []

  constructor(private readonly limit: number) {}

  /** Records the new head and a copy of its state. */
  push(tipSet: TipSet, state: ChainState): void {
    this.#entries.push({ tipSet, state: cloneState(state) })
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit)
  }

  /** The retained tipset at `height`, if any. */
  tipSetAt(height: number): TipSet | undefined {
    return this.#find(height)?.tipSet
  }

  /** A copy of the state after the tipset at `height`; throws TipSetNotFoundError when not retained. */
  stateAt(height: number): ChainState {
    const entry = this.#find(height)
    if (entry === undefined) throw new TipSetNotFoundError(`no state kept for height ${height}`)
    return cloneState(entry.state)
  }

  /** The frozen state after the tipset `key` (callers must not change it). */
  lookup(key: TipSetKey): { tipSet: TipSet; state: ChainState } {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i] as Entry
      if (tipSetKeyEquals(entry.tipSet.key, key)) return entry
    }
    throw new TipSetNotFoundError(`tipset ${key.map(String).join(',')} is not on the chain or no longer kept`)
  }

  /** Drops every tipset above `height` and returns them, highest first. */
  truncateAbove(height: number): TipSet[] {
    const dropped: TipSet[] = []
    while ((this.#entries.at(-1)?.tipSet.height ?? -1) > height)
      dropped.push((this.#entries.pop() as Entry).tipSet)
    return dropped
  }

  /** The lowest retained height. */
  get oldestHeight(): number {
    return this.#entries[0]?.tipSet.height ?? 0
  }

  #find(height: number): Entry | undefined {
    const first = this.#entries[0]
    if (first === undefined) return undefined
    const entry = this.#entries[height - first.tipSet.height]
    return entry?.tipSet.height === height ? entry : undefined
  }
}
