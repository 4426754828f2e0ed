/**
 * The provider's answers to ask and deal-status queries (go-fil-markets' ask and status stream
 * handlers), signed with the worker key.
 *
 * @module
 */

import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import {
  type Address,
  type AskRequest,
  type AskResponse,
  addressEquals,
  type DealStatusRequest,
  type DealStatusResponse,
  dealStatusRequestSigningBytes,
  encodeProviderDealState,
  type MinerDeal,
  type ProviderDealState,
} from '../market/index.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import { signMinerData } from './sign.ts'
import type { StoredAsk } from './stored-ask.ts'

/** Messages of a deal-status answer that reports a failed query. */
export const StatusQueryText = {
  unknownProposal: 'unknown proposal',
  badSignature: "the request is not signed by the proposal's client",
  internal: 'internal error',
} as const

/** The signed ask when the request names this provider's miner; no ask otherwise. */
export function answerAskRequest(storedAsk: StoredAsk, miner: Address, request: AskRequest): AskResponse {
  if (!addressEquals(request.Miner, miner)) return { Ask: null }
  return { Ask: storedAsk.getAsk() ?? null }
}

/** What a status answer needs. */
export interface StatusQueryParts {
  readonly group: ProviderDealGroup
  readonly node: StorageProviderNode
  readonly address: Address
}

/**
 * The deal's state, signed with the worker key. A query about an unknown proposal, or one not
 * signed by the proposal's client, is answered too, with State StorageDealError and the reason.
 * Rejects only when the answer cannot be signed.
 */
export async function answerDealStatus(
  parts: StatusQueryParts,
  request: DealStatusRequest,
  options: AbortOptions = {},
): Promise<DealStatusResponse> {
  const state = await dealState(parts, request, options)
  const signature = await signMinerData(parts.node, parts.address, encodeProviderDealState(state), options)
  return { DealState: state, Signature: signature }
}

async function dealState(
  parts: StatusQueryParts,
  request: DealStatusRequest,
  options: AbortOptions,
): Promise<ProviderDealState> {
  let deal: MinerDeal
  try {
    deal = await parts.group.get(request.Proposal.toString())
  } catch {
    return failedState(StatusQueryText.unknownProposal)
  }
  try {
    const head = await parts.node.getChainHead(options)
    const bytes = dealStatusRequestSigningBytes(request.Proposal)
    const valid = await parts.node.verifySignature(
      request.Signature,
      deal.Proposal.Client,
      bytes,
      head.token,
      options,
    )
    if (valid !== true) return failedState(StatusQueryText.badSignature)
  } catch {
    // Node failures are not the client's business.
    return failedState(StatusQueryText.internal)
  }
  return {
    State: deal.State,
    Message: deal.Message,
    Proposal: deal.Proposal,
    ProposalCid: deal.ProposalCid,
    AddFundsCid: deal.AddFundsCid,
    PublishCid: deal.PublishCid,
    DealID: deal.DealID,
    FastRetrieval: deal.FastRetrieval,
  }
}

function failedState(message: string): ProviderDealState {
  return {
    State: 'StorageDealError',
    Message: message,
    Proposal: null,
    ProposalCid: null,
    AddFundsCid: null,
    PublishCid: null,
    DealID: 0,
    FastRetrieval: false,
  }
}
