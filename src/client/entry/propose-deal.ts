import type { ClientDealStream, Signed } from '../../adapters/network.ts'
import { messageOf, StreamTimeoutError } from '../../errors.ts'
import type { ClientDeal, Proposal, SignedResponse } from '../../market/index.ts'
import type { ClientDealEnvironment } from '../environment.ts'
import type { ClientEvent } from '../events.ts'
import { type ClientEntryContext, peerTag } from './context.ts'
import { proposeMk12Deal } from './propose-mk12-deal.ts'

/**
 * How long the client waits for the provider's answer to a proposal, in clock ms: the reference's
 * read deadline, which covers the provider's whole acceptance.
 */
export const PROPOSAL_RESPONSE_TIMEOUT_MS = 60_000

/**
 * ProposeDeal (StorageDealFundsReserved): send the signed proposal to the provider and check its
 * answer: signed by the provider's worker, about this proposal, and WaitingForData.
 *
 * Unlike the reference, the stream is closed on every path, a failing close is reported
 * (ClientEventStreamCloseError), and an answer about another proposal fails the deal. A deal with a
 * DealUUID runs over Boost's protocol instead ({@link proposeMk12Deal}).
 */
export async function proposeDeal(ctx: ClientEntryContext): Promise<ClientEvent> {
  if (ctx.record.DealUUID !== undefined) return proposeMk12Deal(ctx)
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
  // A provider that never answers must not hold the deal (and its reserved funds) for ever.
  const timeout = new AbortController()
  const timer = env.clock.setTimeout(
    () =>
      timeout.abort(new StreamTimeoutError("reading the provider's response", PROPOSAL_RESPONSE_TIMEOUT_MS)),
    PROPOSAL_RESPONSE_TIMEOUT_MS,
  )
  try {
    answer = await stream.readDealResponse({ signal: AbortSignal.any([signal, timeout.signal]) })
  } catch (error) {
    await closeQuietly(stream)
    const reason = timeout.signal.aborted ? timeout.signal.reason : error
    return { type: 'ClientEventReadResponseFailed', error: messageOf(reason) }
  } finally {
    env.clock.clearTimeout(timer)
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
    const { signedBytes } = answer
    const valid = await env.node.verifySignature(signature, deal.MinerWorker, signedBytes, head.token, {
      signal,
    })
    // Only a true answer counts: a node answering anything else has not vouched for the signature.
    return valid === true
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
