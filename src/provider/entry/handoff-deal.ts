/**
 * HandoffDeal (StorageDealStaged): give the piece to the sealing subsystem (node.onDealComplete),
 * then record it for retrieval.
 *
 * @module
 */

import { toUnpaddedSize } from '../../market/index.ts'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'
import { zeroPaddedPiece } from './piece-reader.ts'
import { registerPiece } from './register-piece.ts'

/**
 * DealHandedOff once the sealing subsystem took the piece (PieceStoreErrored first, record only,
 * when it could not be recorded for retrieval); FileStoreErrored or DealHandoffFailed otherwise.
 */
export async function handoffDeal(ctx: ProviderContext): ProviderStep {
  const { record: deal, env, signal } = ctx
  // An imported piece (offline deal) sits at PiecePath; transferred data in the deal's staging area.
  const offline = deal.PiecePath !== ''
  const path = offline ? deal.PiecePath : deal.InboundCAR
  if (path === '') return { type: 'ProviderEventDealHandoffFailed', error: StepText.noStagingArea }
  try {
    await env.staging.size(path, { signal })
  } catch (error) {
    return offline
      ? { type: 'ProviderEventFileStoreErrored', error: wrap(`${StepText.openPiece} ${path}`, error) }
      : {
          type: 'ProviderEventDealHandoffFailed',
          error: wrap(`${StepText.openStaged} ${deal.ProposalCid}`, error),
        }
  }
  const unpadded = toUnpaddedSize(deal.Proposal.PieceSize)
  let packing: Awaited<ReturnType<typeof env.node.onDealComplete>>
  try {
    packing = await env.node.onDealComplete(
      deal,
      unpadded,
      zeroPaddedPiece(env.staging, path, BigInt(unpadded)),
      {
        signal,
      },
    )
  } catch (error) {
    const what = offline
      ? `${StepText.handoffPiece} ${path}`
      : `${StepText.handoffStaged} ${deal.Proposal.PieceCID}`
    return { type: 'ProviderEventDealHandoffFailed', error: wrap(what, error) }
  }
  const failure = await registerPiece(ctx, packing)
  if (failure !== undefined) {
    await ctx.trigger({
      type: 'ProviderEventPieceStoreErrored',
      error: wrap(StepText.registerPiece, failure),
    })
  }
  return { type: 'ProviderEventDealHandedOff' }
}
