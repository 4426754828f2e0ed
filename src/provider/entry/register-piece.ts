/**
 * Recording a handed-off piece in the retrieval index, which HandoffDeal does after a successful
 * hand-off. Failures here are not fatal to the deal.
 *
 * @module
 */

import type { PackingResult } from '../../adapters/node.ts'
import type { PieceBlock } from '../../adapters/staging.ts'
import { decodeBlockLocations } from '../block-locations.ts'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext } from './context.ts'

/** Record the piece's blocks and the deal's place in its sector; resolves with the failure, if any. */
export async function registerPiece(
  ctx: ProviderContext,
  packing: PackingResult,
): Promise<string | undefined> {
  const { record: deal, env, signal } = ctx
  const directory = env.pieceDirectory
  if (directory === undefined) return undefined
  let blocks: PieceBlock[]
  try {
    blocks = await blockLocations(ctx)
  } catch (error) {
    return wrap(StepText.loadLocations, error)
  }
  const piece = deal.Proposal.PieceCID
  try {
    await directory.addPieceBlockLocations(piece, blocks, { signal })
  } catch (error) {
    return wrap(StepText.storeLocations, error)
  }
  try {
    await directory.addDealForPiece(
      piece,
      {
        proposalCid: deal.ProposalCid,
        dealId: deal.DealID,
        sectorNumber: packing.sectorNumber,
        offset: packing.offset,
        length: packing.size,
      },
      { signal },
    )
  } catch (error) {
    return wrap(StepText.storeDealInfo, error)
  }
  return undefined
}

/** From the metadata file when there is one, else just the payload root. */
async function blockLocations(ctx: ProviderContext): Promise<PieceBlock[]> {
  const { record: deal, env, signal } = ctx
  if (deal.MetadataPath === '') {
    return deal.Ref === null ? [] : [{ cid: deal.Ref.Root, location: { relOffset: 0n, blockSize: 0n } }]
  }
  const chunks: Uint8Array[] = []
  for await (const chunk of env.staging.read(deal.MetadataPath, { signal })) chunks.push(chunk)
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.length
  }
  return decodeBlockLocations(bytes)
}
