import type { ClientDealStream, Signed } from '../../adapters/network.ts'
import { messageOf } from '../../errors.ts'
import type { ClientDeal, Proposal, SignedResponse } from '../../market/index.ts'
import type { ClientDealEnvironment } from '../environment.ts'
import type { ClientEvent } from '../events.ts'
import { type ClientEntryContext, peerTag } from './context.ts'

/**
 * ProposeDeal (StorageDealFundsReserved): send the signed proposal to the provider and check its
 * answer: signed by the provider's worker, about this proposal, and WaitingForData.
 *
 * Unlike the reference, the stream is closed on every path, a failing close is reported
 * (ClientEventStreamCloseError), and an answer about another proposal fails the deal.
 */
export async function proposeDeal(ctx: ClientEntryContext): Promise<ClientEvent> {
  const { record: deal, env, signal } = ctx
  const proposal: Proposal = {
    DealProposal: { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature },
    Piece: deal.DataRef,
    FastRetrieval: deal.FastRetrieval,
  }
  let stream: ClientDealStream
  try {
    stream = await env.newDealStream(deal.Miner, { signal })
  } catch (error) {
    return { type: 'ClientEventWriteProposalFailed', error: messageOf(error) }
  }
  env.tagPeer(deal.Miner, peerTag(deal))
  try {
    await stream.writeDealProposal(proposal, { signal })
  } catch (error) {
    await closeQuietly(stream)
    return { type: 'ClientEventWriteProposalFailed', error: messageOf(error) }
  }
  let answer: Signed<SignedResponse>
  try {
    answer = await stream.readDealResponse({ signal })
  } catch (error) {
    await closeQuietly(stream)
    return { type: 'ClientEventReadResponseFailed', error: messageOf(error) }
  }
  try {
    await stream.close()
  } catch (error) {
    return { type: 'ClientEventStreamCloseError', error: messageOf(error) }
  }
  if (!(await signedByWorker(env, deal, answer, signal)))
    return { type: 'ClientEventResponseVerificationFailed' }
  const response = answer.value.Response
  if (!response.Proposal.equals(deal.ProposalCid)) {
    return {
      type: 'ClientEventResponseDealDidNotMatch',
      responseCid: response.Proposal,
      proposalCid: deal.ProposalCid,
    }
  }
  if (response.State !== 'StorageDealWaitingForData') {
    return {
      type: 'ClientEventUnexpectedDealState',
      status: response.State,
      providerMessage: response.Message,
    }
  }
  return { type: 'ClientEventInitiateDataTransfer' }
}

async function signedByWorker(
  env: ClientDealEnvironment,
  deal: ClientDeal,
  answer: Signed<SignedResponse>,
  signal: AbortSignal,
): Promise<boolean> {
  const signature = answer.value.Signature
  if (signature === null) return false
  try {
    const head = await env.node.getChainHead({ signal })
    return await env.node.verifySignature(signature, deal.MinerWorker, answer.signedBytes, head.token, {
      signal,
    })
  } catch {
    // The reference treats a failed check like a bad signature.
    return false
  }
}

async function closeQuietly(stream: ClientDealStream): Promise<void> {
  try {
    await stream.close()
  } catch {
    // The deal already fails for the reason that made us close.
  }
}
