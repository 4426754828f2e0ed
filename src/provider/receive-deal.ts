/**
 * An incoming proposal (go-fil-markets `HandleDealStream` / receiveDeal): read it, answer a
 * duplicate with the existing deal's state, or record a new deal and open it.
 *
 * @module
 */

import type { ProviderDealStream } from '../adapters/network.ts'
import { peerToRecord } from '../adapters/record-ids.ts'
import type { StagingStore } from '../adapters/staging.ts'
import { messageOf, StreamTimeoutError } from '../errors.ts'
import type { Clock } from '../fsm/index.ts'
import {
  cborTimeFromDate,
  clientDealProposalCid,
  isValidPaddedPieceSize,
  type MinerDeal,
  type Proposal,
  TTManual,
  toUnpaddedSize,
} from '../market/index.ts'
import type { ProviderDealGroup } from './deal-group.ts'
import type { DealStreams } from './deal-streams.ts'
import type { ProviderLogger } from './environment.ts'

/** What receiving a proposal needs. */
export interface ReceiveDealParts {
  readonly group: ProviderDealGroup
  readonly streams: DealStreams
  readonly staging: StagingStore
  readonly clock: Clock
  readonly logger: ProviderLogger
  /** The provider's own network peer id. */
  readonly peerId: string
}

/**
 * How long the provider waits for the proposal once a client opened a deal stream, in clock ms
 * (the reference's read deadline). A peer that opens streams and never writes costs nothing after it.
 */
export const PROPOSAL_READ_TIMEOUT_MS = 10_000

/** Handle one deal stream. Never rejects: failures are logged and the stream is closed. */
export async function receiveDeal(parts: ReceiveDealParts, stream: ProviderDealStream): Promise<void> {
  const { logger, clock } = parts
  let proposal: Proposal
  const deadline = new AbortController()
  const timer = clock.setTimeout(
    () => deadline.abort(new StreamTimeoutError('reading the deal proposal', PROPOSAL_READ_TIMEOUT_MS)),
    PROPOSAL_READ_TIMEOUT_MS,
  )
  try {
    proposal = await stream.readDealProposal({ signal: deadline.signal })
  } catch (error) {
    const reason = deadline.signal.aborted ? deadline.signal.reason : error
    logger.warn(`reading a deal proposal failed: ${messageOf(reason)}`)
    return close(parts, stream)
  } finally {
    clock.clearTimeout(timer)
  }
  try {
    await openDeal(parts, stream, proposal)
  } catch (error) {
    logger.warn(`receiving a deal proposal failed: ${messageOf(error)}`)
    return close(parts, stream)
  }
}

async function openDeal(
  parts: ReceiveDealParts,
  stream: ProviderDealStream,
  proposal: Proposal,
): Promise<void> {
  const { group, streams, staging } = parts
  const signed = proposal.DealProposal
  if (signed === null) throw new Error('the proposal message carries no deal proposal')
  const proposalCid = await clientDealProposalCid(signed)
  const id = proposalCid.toString()
  if (await group.has(id)) {
    // A client that lost the first answer asks again: tell it where the deal stands.
    const existing = await group.get(id)
    await streams.respond(stream, {
      State: existing.State,
      Message: existing.Message,
      Proposal: proposalCid,
      PublishMessage: null,
    })
    return close(parts, stream)
  }
  const ref = proposal.Piece
  if (ref === null) throw new Error(`proposal ${id} carries no data reference`)
  const size = signed.Proposal.PieceSize
  // The payload cannot exceed the piece's unpadded size; an invalid size is rejected by validation.
  const limit = isValidPaddedPieceSize(size) ? BigInt(toUnpaddedSize(size)) : 0n
  const inbound = ref.TransferType === TTManual ? '' : await staging.create(id, limit)
  const deal: MinerDeal = {
    ...signed,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    PublishCid: null,
    Miner: peerToRecord(parts.peerId),
    Client: peerToRecord(stream.remotePeer),
    State: 'StorageDealUnknown',
    PiecePath: '',
    MetadataPath: '',
    SlashEpoch: 0,
    FastRetrieval: proposal.FastRetrieval,
    Message: '',
    FundsReserved: 0n,
    Ref: ref,
    AvailableForRetrieval: false,
    DealID: 0,
    CreationTime: cborTimeFromDate(new Date(parts.clock.now())),
    TransferChannelId: null,
    SectorNumber: 0,
    InboundCAR: inbound,
  }
  try {
    await group.begin(id, deal)
  } catch (error) {
    if (inbound !== '') await staging.delete(inbound).catch(() => undefined)
    throw error
  }
  streams.remember(proposalCid, stream)
  try {
    await group.send(id, { type: 'ProviderEventOpen' })
  } catch (error) {
    // The deal stays recorded; the next start opens it. The caller closes the stream.
    streams.forget(proposalCid)
    throw error
  }
}

async function close(parts: ReceiveDealParts, stream: ProviderDealStream): Promise<void> {
  try {
    await stream.close()
  } catch (error) {
    parts.logger.warn(`closing a deal stream failed: ${messageOf(error)}`)
  }
}
