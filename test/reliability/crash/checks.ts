/**
 * The properties a crashed run must keep, checked against the same seed's run without crashes:
 * every deal ends as it did there, no record is lost or doubled, each deal is published once, no
 * FIL leaks, and the chain's deals agree with the records.
 */
import type { PublishStorageDealsMessage } from '../../../src/adapters/chain.ts'
import { checkInvariants } from '../../../src/adapters/sim-chain/invariants.ts'
import { clientDealProposalCid } from '../../../src/market/proposal-cid.ts'
import type { SavedChain } from './chain-view.ts'
import type { ChildReport, ReportedDeal } from './child.ts'

/** One finished run: what the child reported and what the chain saved. */
export interface FinishedRun {
  readonly report: ChildReport
  readonly chain: SavedChain
}

/** How each proposal went through PublishStorageDeals messages. */
interface Publications {
  /** Messages carrying the proposal, whatever their outcome. */
  readonly messages: string[]
  /** Deal ids it received from successful messages. */
  readonly dealIds: string[]
}

async function publications(chain: SavedChain): Promise<Map<string, Publications>> {
  const byProposal = new Map<string, Publications>()
  for (const entry of chain.messages) {
    if (entry.message.kind !== 'PublishStorageDeals') continue
    const message = entry.message as PublishStorageDealsMessage
    const done = entry.execution
    const returned = done?.receipt.exitCode === 0 ? done.returnDec : undefined
    for (const [index, deal] of message.params.deals.entries()) {
      const key = (await clientDealProposalCid(deal)).toString()
      const seen = byProposal.get(key) ?? { messages: [], dealIds: [] }
      seen.messages.push(entry.cid.toString())
      const valid = returned?.validDeals.indexOf(index) ?? -1
      const id = valid < 0 ? undefined : returned?.ids[valid]
      if (id !== undefined) seen.dealIds.push(id.toString())
      byProposal.set(key, seen)
    }
  }
  return byProposal
}

function escrowOf(chain: SavedChain): Map<string, string> {
  return new Map([...chain.state.market.escrow].map(([id, e]) => [id.toString(), `${e.escrow}/${e.locked}`]))
}

/** Every property violated by `crashed`, as sentences; empty when it matches `reference`. */
export async function checkRun(runs: {
  readonly deals: number
  readonly reference: FinishedRun
  readonly crashed: FinishedRun
}): Promise<string[]> {
  const { reference, crashed, deals } = runs
  const out: string[] = []
  const got = crashed.report
  // Records: one per proposal on each side, the same proposals as without crashes.
  if (got.clientRecords !== deals) out.push(`the client holds ${got.clientRecords} records, not ${deals}`)
  if (got.providerRecords !== deals)
    out.push(`the provider holds ${got.providerRecords} records, not ${deals}`)
  const expected = new Map(reference.report.deals.map((deal) => [deal.proposalCid, deal]))
  const seen = new Map(got.deals.map((deal) => [deal.proposalCid, deal]))
  for (const key of expected.keys()) if (!seen.has(key)) out.push(`deal ${key} is lost`)
  for (const key of seen.keys())
    if (!expected.has(key)) out.push(`deal ${key} was not proposed without crashes`)
  const roots = new Set(got.deals.map((deal) => deal.root))
  if (roots.size !== got.deals.length) out.push('a payload was proposed in more than one deal')
  // Final states.
  for (const [key, deal] of seen) {
    const want = expected.get(key)
    if (want === undefined) continue
    if (deal.clientState !== want.clientState || deal.providerState !== want.providerState) {
      out.push(
        `deal ${key} ended ${deal.clientState}/${deal.providerState}, ` +
          `not ${want.clientState}/${want.providerState} (${deal.messages})`,
      )
    }
  }
  // Publication: once per deal, and the records hold what the chain returned.
  const published = await publications(crashed.chain)
  const ids = new Set<string>()
  for (const deal of got.deals) out.push(...checkPublication(deal, published.get(deal.proposalCid), ids))
  // Funds: the chain's own invariants, nothing locked, escrow where the run without crashes left it.
  try {
    checkInvariants(crashed.chain.state, crashed.chain.totalSupply)
  } catch (error) {
    out.push((error as Error).message)
  }
  if (crashed.chain.totalSupply !== reference.chain.totalSupply)
    out.push(`total supply ${crashed.chain.totalSupply}, not ${reference.chain.totalSupply}`)
  const escrow = escrowOf(crashed.chain)
  for (const [id, want] of escrowOf(reference.chain)) {
    if (escrow.get(id) !== want) out.push(`escrow/locked of actor ${id} is ${escrow.get(id)}, not ${want}`)
  }
  // The chain's deals: each one still on chain belongs to a record with its id.
  const recorded = new Map(got.deals.map((deal) => [deal.providerDealId, deal]))
  for (const id of crashed.chain.state.market.deals.keys()) {
    if (!recorded.has(id.toString())) out.push(`chain deal ${id} belongs to no record`)
  }
  const allocated = crashed.chain.state.market.nextDealId - reference.chain.state.market.nextDealId
  if (allocated !== 0n) out.push(`the chain allocated ${allocated} more deal ids than without crashes`)
  return out
}

function checkPublication(
  deal: ReportedDeal,
  published: Publications | undefined,
  ids: Set<string>,
): string[] {
  const key = deal.proposalCid
  const out: string[] = []
  if (published === undefined) return [`deal ${key} was never published`]
  if (published.messages.length !== 1)
    out.push(`deal ${key} was published in ${published.messages.length} messages`)
  if (published.dealIds.length !== 1)
    out.push(`deal ${key} got ${published.dealIds.length} deal ids: ${published.dealIds.join(', ')}`)
  const id = published.dealIds[0]
  if (id !== undefined) {
    if (deal.providerDealId !== id)
      out.push(`provider records deal id ${deal.providerDealId} for ${key}, chain ${id}`)
    if (deal.clientDealId !== id)
      out.push(`client records deal id ${deal.clientDealId} for ${key}, chain ${id}`)
    if (ids.has(id)) out.push(`deal id ${id} is recorded for two deals`)
    ids.add(id)
  }
  if (deal.providerPublish !== undefined && !published.messages.includes(deal.providerPublish))
    out.push(`provider records publish message ${deal.providerPublish} for ${key}, which does not carry it`)
  return out
}
