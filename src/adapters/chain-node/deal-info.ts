/**
 * Finding a proposal's deal id after publication (Lotus GetCurrentDealInfo, lotus-chain-api.md
 * §5): locate the proposal in the publish message, then map its input index through the return's
 * ValidDeals to the ids of the deals the market kept. It is always derived from the message, so it
 * holds after a reorg re-executes the message in another order.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { DealPublicationError, MarketDealNotFoundError, MessageFailedError } from '../../errors.ts'
import {
  addressEquals,
  type ClientDealProposal,
  type DealProposal,
  encodeClientDealProposal,
  labelEquals,
} from '../../market/index.ts'
import {
  type ChainAdapter,
  HEAD,
  MARKET_ACTOR,
  type MsgLookup,
  type PublishStorageDealsMessage,
} from '../chain.ts'
import type { AbortOptions } from '../node.ts'

/** The deal id of input index `index`, or undefined when the market skipped that proposal (§5.3). */
export function dealIdAtIndex(lookup: MsgLookup, index: number): bigint | undefined {
  const valid = lookup.returnDec?.validDeals
  if (valid === undefined) return undefined
  const position = valid.indexOf(index)
  return position < 0 ? undefined : lookup.returnDec?.ids[position]
}

/** Requires a successful PublishStorageDeals and returns its message. */
async function publishMessage(
  chain: ChainAdapter,
  lookup: MsgLookup,
  options?: AbortOptions,
): Promise<PublishStorageDealsMessage> {
  if (lookup.receipt.exitCode !== 0) {
    throw new MessageFailedError(lookup.message.toString(), lookup.receipt.exitCode, 'publishing deals')
  }
  const message = await chain.chainGetMessage(lookup.message, options)
  if (message.kind !== 'PublishStorageDeals' || !addressEquals(message.to, MARKET_ACTOR)) {
    throw new DealPublicationError('not-publish-message', `${lookup.message} is a ${message.kind} message`)
  }
  return message
}

/** The fields GetCurrentDealInfo compares; the client is compared by ID separately. */
function sameTerms(a: DealProposal, b: DealProposal): boolean {
  return (
    a.PieceCID.equals(b.PieceCID) &&
    a.PieceSize === b.PieceSize &&
    a.VerifiedDeal === b.VerifiedDeal &&
    labelEquals(a.Label, b.Label) &&
    a.StartEpoch === b.StartEpoch &&
    a.EndEpoch === b.EndEpoch &&
    a.StoragePricePerEpoch === b.StoragePricePerEpoch &&
    a.ProviderCollateral === b.ProviderCollateral &&
    a.ClientCollateral === b.ClientCollateral
  )
}

/**
 * The deal id `proposal` received from the executed publish message `lookup`. Rejects with
 * DealPublicationError when the message does not carry it, the market skipped it, or the deal
 * stored under the id is another proposal.
 */
export async function dealIdFromPublish(
  chain: ChainAdapter,
  lookup: MsgLookup,
  proposal: DealProposal,
  options?: AbortOptions,
): Promise<bigint> {
  const message = await publishMessage(chain, lookup, options)
  const clientId = await chain.stateLookupId(proposal.Client, HEAD, options)
  let index = -1
  for (const [i, deal] of message.params.deals.entries()) {
    if (!sameTerms(deal.Proposal, proposal) || !addressEquals(deal.Proposal.Provider, proposal.Provider))
      continue
    const id = await chain.stateLookupId(deal.Proposal.Client, HEAD, options)
    if (addressEquals(id, clientId)) {
      index = i
      break
    }
  }
  if (index < 0)
    throw new DealPublicationError('proposal-missing', `${lookup.message} does not carry the proposal`)
  const dealId = dealIdAtIndex(lookup, index)
  if (dealId === undefined)
    throw new DealPublicationError('invalid-at-publication', `proposal #${index} was skipped`)
  try {
    const onChain = await chain.stateMarketStorageDeal(dealId, HEAD, options)
    const providerId = await chain.stateLookupId(proposal.Provider, HEAD, options)
    if (
      !sameTerms(onChain.proposal, proposal) ||
      !addressEquals(onChain.proposal.Client, clientId) ||
      !addressEquals(onChain.proposal.Provider, providerId)
    ) {
      throw new DealPublicationError('proposal-mismatch', `deal ${dealId} on chain is another proposal`)
    }
  } catch (error) {
    // A deal that already ended is gone from the market; the message alone still names its id.
    if (!(error instanceof MarketDealNotFoundError)) throw error
  }
  return dealId
}

/**
 * ValidatePublishedDeal (lotus-chain-api.md §4.2): the message was sent by the provider's owner,
 * worker or a control address, is a PublishStorageDeals carrying exactly our signed proposal, and
 * executed with our proposal kept. Resolves with the deal id.
 */
export async function validatePublishedDeal(
  chain: ChainAdapter,
  signed: ClientDealProposal,
  publishCid: CID | null,
  confidence: number,
  options?: AbortOptions,
): Promise<bigint> {
  if (publishCid === null)
    throw new DealPublicationError('no-publish-message', 'the deal names no publish message')
  const message = await chain.chainGetMessage(publishCid, options)
  const info = await chain.stateMinerInfo(signed.Proposal.Provider, HEAD, options)
  const sender = await chain.stateLookupId(message.from, HEAD, options)
  const allowed = [info.worker, info.owner, ...info.controlAddresses]
  if (!allowed.some((address) => addressEquals(address, sender))) {
    throw new DealPublicationError('wrong-sender', `${publishCid} was sent by ${sender}, not by the provider`)
  }
  if (message.kind !== 'PublishStorageDeals' || !addressEquals(message.to, MARKET_ACTOR)) {
    throw new DealPublicationError('not-publish-message', `${publishCid} is a ${message.kind} message`)
  }
  const ours = encodeClientDealProposal(signed)
  const index = message.params.deals.findIndex((deal) => sameBytes(encodeClientDealProposal(deal), ours))
  if (index < 0) throw new DealPublicationError('proposal-missing', `${publishCid} does not carry our deal`)
  const lookup = await chain.stateWaitMsg(publishCid, confidence, options)
  if (lookup.receipt.exitCode !== 0) {
    throw new MessageFailedError(publishCid.toString(), lookup.receipt.exitCode, 'deal publish')
  }
  const dealId = dealIdAtIndex(lookup, index)
  if (dealId === undefined)
    throw new DealPublicationError('invalid-at-publication', 'the deal was invalid at publication')
  return dealId
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
