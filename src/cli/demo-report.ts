/**
 * What `fildeal demo` prints: the live progress line while deals move, and at the end a table of
 * deals and one summary line.
 *
 * @module
 */

import type { DealProgress, DemoResult, MarketSummary } from '../embedded/index.ts'
import { formatFil } from '../market/index.ts'
import { dealIdRank } from './deals.ts'
import { shortCid, shortStatus, table } from './format.ts'
import { describeCounts } from './progress.ts'

/**
 * What changes when a deal moves: the counts per client state and how many deals finished, without
 * the epoch. A restarted client reports its deals a moment after the provider, hence `starting`.
 */
export function progressCounts(progress: DealProgress): string {
  const counts = describeCounts(new Map(Object.entries(progress.client)))
  const states = counts || (progress.deals.length === 0 ? 'no deals yet' : 'starting')
  return `${states} (${progress.finished}/${progress.deals.length} finished)`
}

/** `epoch 42: 3 Transferring, 7 Active (0/10 finished)`. */
export function progressText(progress: DealProgress): string {
  return `epoch ${progress.epoch}: ${progressCounts(progress)}`
}

/** One row per deal: shortened proposal CID, final state, deal id, sector, price, start and end. */
export function dealTable(summary: MarketSummary): string[] {
  return table(
    [
      { title: 'Deal' },
      { title: 'State' },
      { title: 'DealID', align: 'right' },
      { title: 'Sector', align: 'right' },
      { title: 'Price', align: 'right' },
      { title: 'Start', align: 'right' },
      { title: 'End', align: 'right' },
    ],
    // Deals proposed in one instant of the virtual clock come in store order; publish order reads better.
    [...summary.deals]
      .sort((a, b) => dealIdRank(a.dealId) - dealIdRank(b.dealId) || 0)
      .map((deal) => [
        shortCid(deal.proposalCid),
        shortStatus(deal.clientState),
        String(deal.dealId),
        String(deal.sectorNumber),
        formatFil(deal.pricePerEpoch * BigInt(deal.endEpoch - deal.startEpoch)),
        String(deal.startEpoch),
        String(deal.endEpoch),
      ]),
  )
}

/** Deals per final client state, e.g. `3 Expired, 1 Error`. */
export function finalCounts(summary: MarketSummary): string {
  const counts = new Map<string, number>()
  for (const deal of summary.deals) counts.set(deal.clientState, (counts.get(deal.clientState) ?? 0) + 1)
  return describeCounts(counts)
}

/** `10 deals: 10 Expired; escrow locked: 0 FIL; epoch 190 (130 this run)`. */
export function summaryLine(result: DemoResult): string {
  const { summary } = result
  const deals = summary.deals.length
  return [
    `${deals} deal${deals === 1 ? '' : 's'}: ${finalCounts(summary) || 'none'}`,
    `escrow locked: ${formatFil(summary.lockedTotal)}`,
    `epoch ${summary.epoch} (${result.epochs} this run)`,
  ].join('; ')
}
