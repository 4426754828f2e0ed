/**
 * The three deal watches, driven by chain state rather than by matching messages (lotus-chain-api.md
 * §6.4, §7): a deal is pre-committed when its sector's pre-commit lists it, active when the market
 * gives it a SectorStartEpoch, slashed when it disappears before its end, and expired once the head
 * reaches its end. An observation is reported only after `confidence` more epochs, and only if it
 * still holds then, so a reorg that undoes it in the meantime is never reported.
 *
 * @module
 */
import { DealWatchError, MarketDealNotFoundError, messageOf } from '../../errors.ts'
import type { ChainAdapter, MarketDeal, TipSet } from '../chain.ts'
import type {
  DealExpiredCallback,
  DealSectorCommittedCallback,
  DealSectorPreCommittedCallback,
  DealSlashedCallback,
  DealWatch,
} from '../node.ts'
import type { Watch } from './chain-watcher.ts'

/** What the watches read and how long they wait before believing what they read. */
export interface WatchSettings {
  readonly chain: ChainAdapter
  /** Epochs an observation must hold before it is reported. */
  readonly confidence: number
}

// The deal ids of a pre-commit as a set, per list: thousands of deals watching one sector would
// otherwise each scan the whole list at every head.
const dealIdSets = new WeakMap<readonly bigint[], ReadonlySet<bigint>>()

function listsDeal(dealIds: readonly bigint[], dealId: bigint): boolean {
  if (dealIds.length < 16) return dealIds.includes(dealId)
  let set = dealIdSets.get(dealIds)
  if (set === undefined) {
    set = new Set(dealIds)
    dealIdSets.set(dealIds, set)
  }
  return set.has(dealId)
}

/** Calls `fn` at most once; a throwing callback cannot break the shared watcher. */
function once<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let called = false
  return (...args) => {
    if (called) return
    called = true
    try {
      fn(...args)
    } catch {
      // The callback belongs to a deal lifecycle, which handles its own failures.
    }
  }
}

/** The deal at `head`, or undefined when the market no longer (or not yet) holds it. */
async function readDeal(chain: ChainAdapter, dealId: bigint, head: TipSet): Promise<MarketDeal | undefined> {
  try {
    return await chain.stateMarketStorageDeal(dealId, head.key)
  } catch (error) {
    if (error instanceof MarketDealNotFoundError) return undefined
    throw error
  }
}

/** The failure a watch reports when the chain cannot be read or followed any more. */
function chainError(dealId: bigint, error: unknown): DealWatchError {
  return new DealWatchError('chain-error', dealId, `following the chain failed: ${messageOf(error)}`, {
    cause: error,
  })
}

/** Runs a check; after registration a chain error is reported as the watch's failure. */
function guarded(report: (error: Error) => void, dealId: bigint, run: Watch['check']): Watch['check'] {
  return async (head, initial) => {
    try {
      return await run(head, initial)
    } catch (error) {
      if (initial) throw error
      report(chainError(dealId, error))
      return true
    }
  }
}

/**
 * Tracks since when a deal has been missing. Returns 'gone' once it has been missing for
 * `confidence` epochs, 'wait' while it might still come back, 'present' when it is there.
 */
function absence(
  settings: WatchSettings,
): (deal: MarketDeal | undefined, head: TipSet) => 'gone' | 'wait' | 'present' {
  let since: number | undefined
  return (deal, head) => {
    if (deal !== undefined) {
      since = undefined
      return 'present'
    }
    since ??= head.height
    return head.height >= since + settings.confidence ? 'gone' : 'wait'
  }
}

/**
 * Waits for the pre-commit of the sector holding the deal (when its number is known through
 * `sectorHint`), or for the deal to be active, which is reported as `isActive: true`.
 */
export function preCommitWatch(
  settings: WatchSettings,
  watch: DealWatch,
  sectorHint: () => bigint | undefined,
  callback: DealSectorPreCommittedCallback,
): Watch {
  const report = once(callback)
  const { chain, confidence } = settings
  const missing = absence(settings)
  const check = guarded(report, watch.dealId, async (head, initial) => {
    const deal = await readDeal(chain, watch.dealId, head)
    if (deal === undefined && initial) throw new MarketDealNotFoundError(watch.dealId)
    const presence = missing(deal, head)
    if (presence === 'gone') report(goneError(watch, head))
    if (deal === undefined) return presence === 'gone'
    if (deal.state.slashEpoch > 0) {
      report(
        new DealWatchError('slashed', watch.dealId, `the deal was slashed at epoch ${deal.state.slashEpoch}`),
      )
      return true
    }
    if (deal.state.sectorStartEpoch >= 0) {
      if (head.height < deal.state.sectorStartEpoch + confidence) return false
      report({ isActive: true })
      return true
    }
    const sector = sectorHint()
    if (sector !== undefined) {
      const info = await chain.stateSectorPreCommitInfo(watch.provider, sector, head.key)
      if (
        info !== undefined &&
        listsDeal(info.dealIds, watch.dealId) &&
        head.height >= info.preCommitEpoch + confidence
      ) {
        report({ sectorNumber: sector, isActive: false })
        return true
      }
    }
    return notActivated(settings, deal, head, watch.dealId, report)
  })
  return { check, fail: (error) => report(chainError(watch.dealId, error)) }
}

/** Waits for the deal to be active (its sector proven). */
export function commitWatch(
  settings: WatchSettings,
  watch: DealWatch & { readonly sectorNumber: bigint },
  callback: DealSectorCommittedCallback,
): Watch {
  const report = once(callback)
  const missing = absence(settings)
  const check = guarded(report, watch.dealId, async (head, initial) => {
    const deal = await readDeal(settings.chain, watch.dealId, head)
    if (deal === undefined && initial) throw new MarketDealNotFoundError(watch.dealId)
    const presence = missing(deal, head)
    if (presence === 'gone') report(goneError(watch, head))
    if (deal === undefined) return presence === 'gone'
    if (deal.state.sectorStartEpoch >= 0) {
      if (head.height < deal.state.sectorStartEpoch + settings.confidence) return false
      report(undefined)
      return true
    }
    return notActivated(settings, deal, head, watch.dealId, report)
  })
  return { check, fail: (error) => report(chainError(watch.dealId, error)) }
}

/**
 * Why a deal being watched for its sector vanished: past its start epoch the market dropped it for
 * not being activated in time; before, something else removed it.
 */
function goneError(watch: DealWatch, head: TipSet): DealWatchError {
  const start = watch.proposal.StartEpoch
  if (head.height >= start) {
    return new DealWatchError(
      'not-activated',
      watch.dealId,
      `the deal was not activated by its start epoch ${start}`,
    )
  }
  return new DealWatchError('deal-gone', watch.dealId, 'the deal disappeared from chain')
}

/** Fails the watch once the head is past the deal's start epoch (plus confidence) and it is not active. */
function notActivated(
  settings: WatchSettings,
  deal: MarketDeal,
  head: TipSet,
  dealId: bigint,
  report: (error: Error) => void,
): boolean {
  const start = deal.proposal.StartEpoch
  if (head.height < start + 1 + settings.confidence) return false
  report(
    new DealWatchError('not-activated', dealId, `the deal was not activated by its start epoch ${start}`),
  )
  return true
}

/**
 * Waits for the end of an active deal: expired once the head reaches its EndEpoch, slashed when it
 * disappears from chain before that (its sector was terminated). With `knownEnd` (the proposal's
 * EndEpoch), a deal already gone when watching starts at or past its end expired unwatched.
 */
export function endWatch(
  settings: WatchSettings,
  dealId: bigint,
  onExpired: DealExpiredCallback,
  onSlashed: DealSlashedCallback,
  knownEnd?: number,
): Watch {
  // Exactly one of the two callbacks may ever fire.
  const deliver = once((fn: () => void) => fn())
  const expired = (error: Error | undefined): void => deliver(() => onExpired(error))
  const slashed = (result: { readonly slashEpoch: number } | Error): void => deliver(() => onSlashed(result))
  let end: number | undefined
  let goneSince: number | undefined
  const check = guarded(expired, dealId, async (head, initial) => {
    const deal = await readDeal(settings.chain, dealId, head)
    if (initial) {
      if (deal === undefined && knownEnd !== undefined && head.height >= knownEnd) {
        expired(undefined)
        return true
      }
      if (deal === undefined) throw new MarketDealNotFoundError(dealId)
      end = deal.proposal.EndEpoch
      if (head.height < end && deal.state.sectorStartEpoch < 0) {
        slashed({ slashEpoch: head.height })
        return true
      }
    }
    const endEpoch = end ?? Number.POSITIVE_INFINITY
    if (deal === undefined && head.height < endEpoch) goneSince ??= head.height
    if (deal !== undefined) goneSince = undefined
    if (goneSince !== undefined) {
      if (head.height < goneSince + settings.confidence) return false
      slashed({ slashEpoch: goneSince })
      return true
    }
    if (deal !== undefined && deal.state.slashEpoch > 0) {
      slashed({ slashEpoch: deal.state.slashEpoch })
      return true
    }
    if (head.height < endEpoch) return false
    expired(undefined)
    return true
  })
  return { check, fail: (error) => expired(chainError(dealId, error)) }
}
