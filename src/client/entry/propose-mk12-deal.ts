import { messageOf } from '../../errors.ts'
import { type DealParams, type DealResponse, type Transfer, TTManual } from '../../market/index.ts'
import type { ClientEvent } from '../events.ts'
import { clientMessages as m } from '../messages.ts'
import { type ClientEntryContext, peerTag } from './context.ts'

/** The `Transfer` of an offline deal: Boost's zero value. */
export const OFFLINE_TRANSFER: Transfer = Object.freeze({
  Type: '',
  ClientID: '',
  Params: new Uint8Array(0),
  Size: 0,
})

/**
 * ProposeDeal for a Boost (mk/1.2) deal: send DealParams (the signed proposal, the deal UUID, the
 * payload root and, for an online deal, the URL the provider pulls from) and read the
 * DealResponse. Accepted → InitiateDataTransfer; refused → UnexpectedDealState with the provider's
 * reason, as a go-fil-markets provider's refusal (a response in StorageDealFailing) ends.
 */
export async function proposeMk12Deal(ctx: ClientEntryContext): Promise<ClientEvent> {
  const { record: deal, env, signal } = ctx
  const uuid = deal.DealUUID
  const ref = deal.DataRef
  if (uuid === undefined || ref === null) {
    return { type: 'ClientEventWriteProposalFailed', error: m.mk12DealIncomplete() }
  }
  const offline = ref.TransferType === TTManual
  if (!offline && deal.Transfer === undefined) {
    return { type: 'ClientEventWriteProposalFailed', error: m.mk12DealIncomplete() }
  }
  const params: DealParams = {
    DealUUID: uuid,
    IsOffline: offline,
    ClientDealProposal: { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature },
    DealDataRoot: ref.Root,
    Transfer: offline ? OFFLINE_TRANSFER : (deal.Transfer ?? OFFLINE_TRANSFER),
    RemoveUnsealedCopy: !deal.FastRetrieval,
    SkipIPNIAnnounce: false,
  }
  env.tagPeer(deal.Miner, peerTag(deal))
  let response: DealResponse
  try {
    response = await env.proposeMk12Deal(deal.Miner, params, { signal })
  } catch (error) {
    return { type: 'ClientEventWriteProposalFailed', error: messageOf(error) }
  }
  if (!response.Accepted) {
    return {
      type: 'ClientEventUnexpectedDealState',
      status: 'StorageDealFailing',
      providerMessage: response.Message,
    }
  }
  return { type: 'ClientEventInitiateDataTransfer' }
}
