/**
 * VerifyData (StorageDealVerifyData): close the deal's staging area and check the piece commitment
 * of what arrived against the proposal.
 *
 * @module
 */

import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/** VerifiedData when the commitments match; DataVerificationFailed otherwise. */
export async function verifyData(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  // Piece metadata (block locations) is not produced for transferred data, as in the reference.
  const metadataPath = ''
  const failed = (error: string) =>
    ({ type: 'ProviderEventDataVerificationFailed', error, piecePath: '', metadataPath }) as const
  if (deal.InboundCAR === '') return failed(StepText.noStagingArea)
  try {
    await env.staging.finalize(deal.InboundCAR, { signal })
  } catch (error) {
    return failed(wrap(StepText.finalizeStaging, error))
  }
  let pieceCid: Awaited<ReturnType<typeof env.pieceCommitment>>
  try {
    pieceCid = await env.pieceCommitment(deal.InboundCAR, deal.Proposal.PieceSize, { signal })
  } catch (error) {
    return failed(wrap(StepText.commP, error))
  }
  if (!pieceCid.equals(deal.Proposal.PieceCID)) {
    return failed(`${StepText.commPMismatch} (${pieceCid} != ${deal.Proposal.PieceCID})`)
  }
  return { type: 'ProviderEventVerifiedData', piecePath: '', metadataPath }
}
