/**
 * The fault walk: every adapter call site both lifecycles use during a deal (found by running one
 * deal through a recording {@link FaultBoard}), each made to fail, hang until aborted, or return
 * garbage while a deal runs through it. For each site × fault the test checks that the faulted
 * deal ends in a final state (by itself, by retrying, or after a restart), that its message or the
 * proposing error says what went wrong, that nothing stays reserved or locked, that no rejection
 * escapes unhandled, and that a second deal in the same process still runs to its end.
 *
 * `npm test` walks a sample (one site and fault per adapter, rotating with FAULT_SEED);
 * `npm run test:faults` (FAULT_WALK=full) walks every site × fault; FAULT_ONLY=prefix,... runs the
 * cases whose `site kind` starts with one of the prefixes. Cases that still break one of
 * the properties are listed, with the reason, in known-gaps.ts: the test fails when a case breaks
 * a property it is not listed for, and when a listed gap is fixed (so the list stays true).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { type CallShape, FAULT_KINDS, FaultBoard, type FaultKind } from './fault-board.ts'
import { FaultMarket } from './fault-market.ts'
import { KNOWN_GAPS } from './known-gaps.ts'
import { type CaseReport, runCase } from './walk.ts'

const FULL = process.env.FAULT_WALK === 'full'
const SEED = Number(process.env.FAULT_SEED ?? 0)

/** The adapters every walk must reach, by site prefix. */
const ADAPTERS = [
  'client.node',
  'client.chain',
  'client.network',
  'client.dealStream',
  'client.transfer',
  'client.datastore',
  'provider.node',
  'provider.chain',
  'provider.sealer',
  'provider.network',
  'provider.dealStream',
  'provider.staging',
  'provider.stagingSink',
  'provider.pieceCommitment',
  'provider.datastore',
]

/** The adapter a site belongs to: its first two name parts. */
const adapterOf = (site: string): string => site.split('.').slice(0, 2).join('.')

const kindsFor = (shape: CallShape): FaultKind[] =>
  FAULT_KINDS.filter((kind) => kind !== 'hang' || shape !== 'sync')

/** Records the call sites of one clean deal. */
async function recordSites(): Promise<{ board: FaultBoard; clean: string[] }> {
  const board = new FaultBoard()
  const market = await FaultMarket.open(board)
  board.record(true)
  const proposalCid = await market.propose()
  await market.runUntil(() => market.allSettled([proposalCid]), 100)
  board.record(false)
  const deal = await market.deal(proposalCid)
  await market.close()
  return { board, clean: [deal.client?.State ?? 'none', deal.provider?.State ?? 'none'] }
}

/** Every site × fault, or a sample of one site and one fault per adapter. */
function casesOf(sites: ReadonlyMap<string, CallShape>): [string, FaultKind][] {
  const all = [...sites].flatMap(([site, shape]) =>
    kindsFor(shape).map((kind): [string, FaultKind] => [site, kind]),
  )
  if (process.env.FAULT_ONLY !== undefined) {
    const only = process.env.FAULT_ONLY.split(',')
    return all.filter(([site, kind]) => only.some((o) => `${site} ${kind}`.startsWith(o)))
  }
  if (FULL) return all
  return ADAPTERS.flatMap((adapter, index) => {
    const inAdapter = all.filter(([site]) => adapterOf(site) === adapter)
    const picked = inAdapter[(index * 7 + SEED) % Math.max(1, inAdapter.length)]
    return picked === undefined ? [] : [picked]
  })
}

/** The properties a case breaks. */
function violations(report: CaseReport): string[] {
  const broken: string[] = []
  if (report.injected === 0) broken.push('fault never reached')
  if (report.outcome === 'stuck') broken.push('call ignored its abort signal')
  if (report.unhandled.length > 0) broken.push('unhandled rejection')
  if ((report.outcome === 'refused' || report.outcome === 'failed') && report.messages.every((m) => m === ''))
    broken.push('no message')
  if (report.recovery === 'wedged') broken.push('wedged')
  if (report.unfinished > 0) broken.push('deal not final')
  if (report.second.some((state) => state !== 'StorageDealExpired')) broken.push('second deal failed')
  if (report.reserved !== 0n) broken.push('funds left reserved')
  if (report.locked !== 0n) broken.push('escrow left locked')
  return broken
}

const { board, clean } = await recordSites()
const cases = casesOf(board.sites)
const reports: CaseReport[] = []

describe('fault walk', () => {
  it('records the call sites of every adapter from a clean deal', () => {
    expect(clean).toEqual(['StorageDealExpired', 'StorageDealExpired'])
    const adapters = new Set([...board.sites.keys()].map(adapterOf))
    for (const adapter of ADAPTERS) expect(adapters).toContain(adapter)
  })

  for (const [site, kind] of cases) {
    it(`${site}: ${kind}`, async () => {
      const market = await FaultMarket.open(board)
      try {
        const report = await runCase(market, site, kind)
        reports.push(report)
        expect(violations(report)).toEqual(KNOWN_GAPS[`${site} ${kind}`]?.broken ?? [])
      } finally {
        await market.close()
      }
    })
  }

  afterAll(() => {
    const outcomes = new Map<string, number>()
    for (const report of reports) {
      const key = `${report.outcome}/${report.recovery}`
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
    }
    const sites = new Set(reports.map((report) => report.site)).size
    const injected = reports.reduce((sum, report) => sum + report.injected, 0)
    const unsignalled = reports.filter((report) => report.hungWithoutSignal > 0).map((r) => r.site)
    console.info(
      `fault walk (${FULL ? 'full' : `sample, seed ${SEED}`}): ${board.sites.size} call sites recorded; ` +
        `${reports.length} cases run over ${sites} sites; ${injected} calls replaced; ` +
        `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; ` +
        `hung calls given no AbortSignal at ${unsignalled.length} sites: ${unsignalled.join(', ') || 'none'}`,
    )
  })
})
