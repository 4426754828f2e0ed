/**
 * Failures a test can inject into in-memory transfers.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'

/**
 * What goes wrong on a channel once `afterBytes` bytes have reached the sink:
 * `stall` (the link drops: a `stalled` event, no more bytes until a restart), `fail` (a `failed`
 * event with `message`), `cancel` (a `cancelled` event). Each fault fires once.
 */
export type TransferFault =
  | { readonly kind: 'stall'; readonly afterBytes: number }
  | { readonly kind: 'fail'; readonly afterBytes: number; readonly message?: string }
  | { readonly kind: 'cancel'; readonly afterBytes: number }

/** Which channels a fault applies to; an empty match takes the next channel opened. */
export interface FaultMatch {
  /** Only a push of this payload root. */
  readonly root?: CID
  /** Only a push whose voucher names this proposal. */
  readonly proposal?: CID
}

/** A fault waiting for a channel. */
export interface PendingFault {
  readonly fault: TransferFault
  readonly match: FaultMatch
}

/** True when a channel pushing `root` for `proposal` is one `match` selects. */
function matches(match: FaultMatch, root: CID, proposal: CID): boolean {
  return (
    (match.root === undefined || match.root.equals(root)) &&
    (match.proposal === undefined || match.proposal.equals(proposal))
  )
}

/** Removes from `pending` and returns the faults armed for a channel pushing `root` for `proposal`. */
export function takeMatching(pending: PendingFault[], root: CID, proposal: CID): TransferFault[] {
  const taken: TransferFault[] = []
  for (let i = 0; i < pending.length; ) {
    const candidate = pending[i] as PendingFault
    if (matches(candidate.match, root, proposal)) {
      taken.push(candidate.fault)
      pending.splice(i, 1)
    } else i++
  }
  return taken
}
