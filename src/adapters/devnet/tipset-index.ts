/**
 * Every tipset the devnet's chain has announced, including those a reorg reverted, so that
 * ChainGetTipSet and ChainGetPath can answer for keys the simulated chain itself has dropped. It
 * follows the chain with its own head subscription; the oldest entries go past `limit`.
 *
 * @module
 */
import { TipSetNotFoundError } from '../../errors.ts'
import { type ChainAdapter, type HeadChange, type TipSet, type TipSetKey, tipSetKeyEquals } from '../chain.ts'

function keyOf(key: TipSetKey): string {
  return key.map(String).join(',')
}

/** Known tipsets by key. */
export class TipSetIndex {
  readonly #tipSets = new Map<string, TipSet>()
  readonly #controller = new AbortController()
  readonly #following: Promise<void>
  #subscribed = true

  constructor(
    chain: ChainAdapter,
    private readonly limit = 10_000,
  ) {
    this.#following = this.#follow(chain)
  }

  /** The tipset `key`; throws TipSetNotFoundError when it was never announced or is too old. */
  get(key: TipSetKey): TipSet {
    const tipSet = this.#tipSets.get(keyOf(key))
    if (tipSet === undefined) throw new TipSetNotFoundError(`tipset ${keyOf(key)} is not known`)
    return tipSet
  }

  /** Records a tipset (the head the chain reports, for one). */
  add(tipSet: TipSet): void {
    const key = keyOf(tipSet.key)
    if (this.#tipSets.has(key)) return
    this.#tipSets.set(key, tipSet)
    if (this.#tipSets.size > this.limit) {
      const oldest = this.#tipSets.keys().next().value
      if (oldest !== undefined) this.#tipSets.delete(oldest)
    }
  }

  /** The reverts (from `from` down) and applies (up to `to`) between two tipsets, as ChainGetPath. */
  path(from: TipSetKey, to: TipSetKey): HeadChange[] {
    let a = this.get(from)
    let b = this.get(to)
    const reverts: HeadChange[] = []
    const applies: HeadChange[] = []
    while (!tipSetKeyEquals(a.key, b.key)) {
      if (a.height >= b.height) {
        reverts.push({ type: 'revert', tipSet: a })
        a = this.get(a.parents)
      } else {
        applies.unshift({ type: 'apply', tipSet: b })
        b = this.get(b.parents)
      }
    }
    return [...reverts, ...applies]
  }

  /** True while the index holds its head subscription on the chain. */
  get subscribed(): boolean {
    return this.#subscribed
  }

  /** Stops following the chain. */
  async close(): Promise<void> {
    this.#controller.abort()
    await this.#following
  }

  async #follow(chain: ChainAdapter): Promise<void> {
    try {
      for await (const batch of chain.chainNotify({ signal: this.#controller.signal })) {
        for (const change of batch) this.add(change.tipSet)
      }
    } catch {
      // The chain closed: the index keeps what it has.
    } finally {
      this.#subscribed = false
    }
  }
}
