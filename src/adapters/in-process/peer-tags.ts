/**
 * Connection tags as the in-process network records them: no connection manager to inform, so
 * the tags are only kept for tests and diagnostics to inspect.
 *
 * @module
 */
import type { PeerId } from '../network.ts'

/** The tags one network end has put on peers. */
export class PeerTags {
  readonly #tags = new Map<PeerId, Set<string>>()

  /** Adds `tag` to `peer` (idempotent). */
  tag(peer: PeerId, tag: string): void {
    let tags = this.#tags.get(peer)
    if (tags === undefined) {
      tags = new Set()
      this.#tags.set(peer, tags)
    }
    tags.add(tag)
  }

  /** Removes `tag` from `peer`; unknown tags are ignored. */
  untag(peer: PeerId, tag: string): void {
    const tags = this.#tags.get(peer)
    tags?.delete(tag)
    if (tags?.size === 0) this.#tags.delete(peer)
  }

  /** The tags on `peer`, in the order they were added. */
  of(peer: PeerId): string[] {
    return [...(this.#tags.get(peer) ?? [])]
  }
}
