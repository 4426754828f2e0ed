/**
 * Offline deals (go-fil-markets `ImportDataForDeal`): the operator imports the payload of a deal
 * whose data was not transferred; its piece commitment is checked before the deal moves on.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { AbortOptions } from '../adapters/node.ts'
import type { PieceCommitmentFunction, StagingStore } from '../adapters/staging.ts'
import { InvalidTransitionError, messageOf, PieceCommitmentMismatchError } from '../errors.ts'
import { isValidPaddedPieceSize, toUnpaddedSize } from '../market/index.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import type { ProviderLogger } from './environment.ts'

/** What an import needs. */
export interface ImportDataParts {
  readonly group: ProviderDealGroup
  readonly staging: StagingStore
  readonly pieceCommitment: PieceCommitmentFunction
  readonly logger: ProviderLogger
}

/** The payload of an offline deal: all its bytes, or a stream of chunks. */
export type ImportData = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>

const IMPORT_STATES: readonly string[] = ['StorageDealWaitingForData', 'StorageDealVerifyData']

/**
 * Stage `data` for the deal and check its piece commitment; on success the deal records the staged
 * file as its PiecePath and moves on (VerifiedData). Nothing is left staged on failure.
 *
 * @throws {@link DealNotFoundError} for an unknown proposal
 * @throws {@link InvalidTransitionError} when the deal is not waiting for data
 * @throws {@link PieceCommitmentMismatchError} when the data is not the proposed piece
 */
export async function importDataForDeal(
  parts: ImportDataParts,
  proposalCid: CID,
  data: ImportData,
  options: AbortOptions = {},
): Promise<void> {
  const { group, staging } = parts
  const id = proposalCid.toString()
  const deal = await group.get(id)
  if (!IMPORT_STATES.includes(deal.State))
    throw new InvalidTransitionError(id, deal.State, 'ProviderEventVerifiedData')
  const size = deal.Proposal.PieceSize
  const limit = isValidPaddedPieceSize(size) ? BigInt(toUnpaddedSize(size)) : 0n
  const path = await staging.create(id, limit, options)
  try {
    const writer = await staging.openWriter(path, options)
    for await (const chunk of data instanceof Uint8Array ? [data] : data) await writer.write(chunk, options)
    await writer.close(options)
    await staging.finalize(path, options)
    const piece = await parts.pieceCommitment(staging.read(path, options), size, options)
    const expected = deal.Proposal.PieceCID.toString()
    if (piece.toString() !== expected) throw new PieceCommitmentMismatchError(expected, piece.toString())
    await group.send(id, { type: 'ProviderEventVerifiedData', piecePath: path, metadataPath: '' })
  } catch (error) {
    try {
      await staging.delete(path)
    } catch (cleanup) {
      parts.logger.warn(`deal ${id}: removing the rejected import ${path} failed: ${messageOf(cleanup)}`)
    }
    throw error
  }
}
