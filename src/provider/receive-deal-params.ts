/**
 * An incoming Boost proposal (mk/1.2.x DealParams): refuse a duplicate as Boost does, or record a
 * new deal and open it in the same provider machine as a go-fil-markets proposal. The DealResponse
 * is sent once the machine has decided (RejectDeal or DecideOnProposal write it).
 *
 * @module
 */

import type { PeerId as NetworkPeer } from '../adapters/network.ts'
import { peerToRecord } from '../adapters/record-ids.ts'
import { messageOf } from '../errors.ts'
import {
  cborTimeFromDate,
  cborTimeToDate,
  clientDealProposalCid,
  type DealParams,
  type DealResponse,
  dealUuidEquals,
  formatDealUuid,
  isValidPaddedPieceSize,
  type MinerDeal,
  TTManual,
  toUnpaddedSize,
} from '../market/index.ts'
import type { DealUuidIndex } from './deal-uuids.ts'
import { dealResponseFor, Mk12Answer } from './mk12-answer.ts'
import type { ReceiveDealParts } from './receive-deal.ts'

/** What receiving DealParams needs, beyond what a go-fil-markets proposal needs. */
export interface ReceiveDealParamsParts extends ReceiveDealParts {
  readonly uuids: DealUuidIndex
}

/** Provider states before any decision (in AcceptWait without a responder, the acceptance was sent). */
const DECIDING: readonly string[] = ['StorageDealUnknown', 'StorageDealValidating']
/** Provider states of a deal the provider gave up. */
const GIVEN_UP: readonly string[] = ['StorageDealRejecting', 'StorageDealFailing', 'StorageDealError']

/**
 * Handle one DealParams from client `from`; resolves with the DealResponse to send. Rejects when
 * no answer can be given (the deal could not be recorded): the network then closes the stream
 * without one, as Boost does on its internal errors.
 */
export async function receiveDealParams(
  parts: ReceiveDealParamsParts,
  params: DealParams,
  from: NetworkPeer,
): Promise<DealResponse> {
  const { group, streams, staging, uuids } = parts
  const signed = params.ClientDealProposal
  const proposalCid = await clientDealProposalCid(signed)
  const id = proposalCid.toString()
  if (await group.has(id)) {
    const existing = await group.get(id)
    if (existing.DealUUID === undefined || !dealUuidEquals(existing.DealUUID, params.DealUUID)) {
      return refuse(
        `deal proposal is identical to deal ${dealName(existing)} (proposed at ${proposedAt(existing)})`,
      )
    }
    // The same client asks again about the same deal (it lost the first answer): where it stands.
    if (GIVEN_UP.includes(existing.State)) {
      return dealResponseFor({
        State: existing.State,
        Message: existing.Message,
        Proposal: proposalCid,
        PublishMessage: null,
      })
    }
    if (streams.has(proposalCid) || DECIDING.includes(existing.State)) {
      // Not decided yet (or being decided again after a restart): this request gets the answer.
      const answer = new Mk12Answer()
      streams.rememberResponder(proposalCid, answer)
      return answer.response
    }
    return { Accepted: true, Message: '' }
  }
  const named = await uuids.get(params.DealUUID)
  if (named !== undefined) {
    const other = await group.get(named.toString()).catch(() => undefined)
    const when = other === undefined ? 'an unknown time' : proposedAt(other)
    return refuse(`deal has the same uuid as deal ${formatDealUuid(params.DealUUID)} (proposed at ${when})`)
  }
  const size = signed.Proposal.PieceSize
  // The payload cannot exceed the piece's unpadded size; an invalid size is rejected by validation.
  const limit = isValidPaddedPieceSize(size) ? BigInt(toUnpaddedSize(size)) : 0n
  const inbound = params.IsOffline ? '' : await staging.create(id, limit)
  const deal: MinerDeal = {
    ...signed,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    PublishCid: null,
    Miner: peerToRecord(parts.peerId),
    Client: peerToRecord(from),
    State: 'StorageDealUnknown',
    PiecePath: '',
    MetadataPath: '',
    SlashEpoch: 0,
    FastRetrieval: !params.RemoveUnsealedCopy,
    Message: '',
    FundsReserved: 0n,
    Ref: {
      TransferType: params.IsOffline ? TTManual : params.Transfer.Type,
      Root: params.DealDataRoot,
      PieceCid: signed.Proposal.PieceCID,
      PieceSize: isValidPaddedPieceSize(size) ? toUnpaddedSize(size) : 0,
      RawBlockSize: params.Transfer.Size,
    },
    AvailableForRetrieval: false,
    DealID: 0,
    CreationTime: cborTimeFromDate(new Date(parts.clock.now())),
    TransferChannelId: null,
    SectorNumber: 0,
    InboundCAR: inbound,
    DealUUID: params.DealUUID,
    ...(params.IsOffline ? {} : { Transfer: params.Transfer }),
  }
  try {
    await group.begin(id, deal)
    await uuids.put(params.DealUUID, proposalCid)
  } catch (error) {
    if (inbound !== '') await staging.delete(inbound).catch(() => undefined)
    throw error
  }
  const answer = new Mk12Answer()
  streams.rememberResponder(proposalCid, answer)
  try {
    await group.send(id, { type: 'ProviderEventOpen' })
  } catch (error) {
    // The deal stays recorded; the next start opens it. This client gets no answer.
    streams.forget(proposalCid)
    parts.logger.warn(`deal ${id}: opening the mk/1.2 deal failed: ${messageOf(error)}`)
    throw error
  }
  return answer.response
}

function refuse(message: string): DealResponse {
  return { Accepted: false, Message: message }
}

function dealName(deal: MinerDeal): string {
  return deal.DealUUID === undefined ? deal.ProposalCid.toString() : formatDealUuid(deal.DealUUID)
}

function proposedAt(deal: MinerDeal): string {
  return cborTimeToDate(deal.CreationTime).toISOString()
}
