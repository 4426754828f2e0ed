/**
 * A client deal written out in full for `fildeal client get-deal`: every field of the record with
 * amounts in FIL and sizes in binary units, then the deal-stage log.
 *
 * @module
 */

import { formatChannel, peerFromRecord } from '../adapters/record-ids.ts'
import {
  type CborTime,
  type ClientDeal,
  cborTimeToDate,
  type DealLabel,
  type DealStages,
  formatFil,
  statusCode,
} from '../market/index.ts'
import { totalPrice } from './deals.ts'
import { fields, formatSize } from './format.ts'

function time(value: CborTime): string {
  return cborTimeToDate(value).toISOString()
}

function label(value: DealLabel): string {
  return typeof value === 'string' ? JSON.stringify(value) : `0x${Buffer.from(value).toString('hex')}`
}

function orNone(value: { toString(): string } | null): string {
  return value === null ? 'none' : value.toString()
}

/** The label/value lines of every field of `deal`. */
export function dealFields(deal: ClientDeal): string[] {
  const p = deal.Proposal
  const ref = deal.DataRef
  return fields([
    ['Proposal CID', deal.ProposalCid.toString()],
    ['State', `${deal.State} (${statusCode(deal.State)})`],
    ['Message', deal.Message === '' ? '-' : deal.Message],
    ['Deal ID', String(deal.DealID)],
    ['Sector', String(deal.SectorNumber)],
    ['Provider', p.Provider.toString()],
    ['Provider peer', peerFromRecord(deal.Miner)],
    ['Provider worker', deal.MinerWorker.toString()],
    ['Client', p.Client.toString()],
    ['Piece CID', p.PieceCID.toString()],
    ['Piece size', `${formatSize(p.PieceSize)} (${p.PieceSize} bytes, padded)`],
    ['Payload root', ref === null ? 'none' : ref.Root.toString()],
    ['Transfer type', ref === null ? 'none' : ref.TransferType],
    ['Label', label(p.Label)],
    ['Verified', String(p.VerifiedDeal)],
    ['Fast retrieval', String(deal.FastRetrieval)],
    ['Start epoch', String(p.StartEpoch)],
    ['End epoch', String(p.EndEpoch)],
    ['Duration', `${p.EndEpoch - p.StartEpoch} epochs`],
    ['Price per epoch', formatFil(p.StoragePricePerEpoch)],
    ['Total price', formatFil(totalPrice(p))],
    ['Client collateral', formatFil(p.ClientCollateral)],
    ['Provider collateral', formatFil(p.ProviderCollateral)],
    ['Funds reserved', formatFil(deal.FundsReserved)],
    ['Add funds message', orNone(deal.AddFundsCid)],
    ['Publish message', orNone(deal.PublishMessage)],
    ['Slash epoch', String(deal.SlashEpoch)],
    ['Transfer channel', deal.TransferChannelID === null ? 'none' : formatChannel(deal.TransferChannelID)],
    ['Polls', `${deal.PollRetryCount} (${deal.PollErrorCount} failed)`],
    ['Created', time(deal.CreationTime)],
  ])
}

/** The deal-stage log: one heading per stage, its logged lines under it with their times. */
export function stageLines(stages: DealStages | null): string[] {
  if (stages === null || stages.Stages.length === 0) return ['Deal stages: none']
  const lines = ['Deal stages:']
  for (const stage of stages.Stages) {
    const expected = stage.ExpectedDuration === '' ? '' : ` (expected: ${stage.ExpectedDuration})`
    lines.push(`  ${stage.Name}: ${stage.Description || '-'}${expected}`)
    for (const log of stage.Logs) lines.push(`    ${time(log.UpdatedTime)}  ${log.Log}`)
  }
  return lines
}
