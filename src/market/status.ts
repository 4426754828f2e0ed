/**
 * StorageDealStatus: the state of one side of one deal, named exactly as the Go constants of
 * go-fil-markets v1.28.3. Records and events use the names; the numeric codes below exist only for
 * the wire (`Response.State`, `ProviderDealState.State`, persisted records) and for display.
 *
 * @module
 */

import { UnknownStatusError } from '../errors.ts'
import { codeTable } from './code-table.ts'

/**
 * Every status name, indexed by its Go numeric code. APPEND-ONLY: the codes are persisted and sent
 * on the wire, so an entry must never move, and a new one only goes at the end.
 */
export const STORAGE_DEAL_STATUSES = [
  'StorageDealUnknown', // 0
  'StorageDealProposalNotFound', // 1
  'StorageDealProposalRejected', // 2
  'StorageDealProposalAccepted', // 3
  'StorageDealStaged', // 4
  'StorageDealSealing', // 5
  'StorageDealFinalizing', // 6
  'StorageDealActive', // 7
  'StorageDealExpired', // 8
  'StorageDealSlashed', // 9
  'StorageDealRejecting', // 10
  'StorageDealFailing', // 11
  'StorageDealFundsReserved', // 12
  'StorageDealCheckForAcceptance', // 13
  'StorageDealValidating', // 14
  'StorageDealAcceptWait', // 15
  'StorageDealStartDataTransfer', // 16
  'StorageDealTransferring', // 17
  'StorageDealWaitingForData', // 18
  'StorageDealVerifyData', // 19
  'StorageDealReserveProviderFunds', // 20
  'StorageDealReserveClientFunds', // 21
  'StorageDealProviderFunding', // 22
  'StorageDealClientFunding', // 23
  'StorageDealPublish', // 24
  'StorageDealPublishing', // 25
  'StorageDealError', // 26
  'StorageDealProviderTransferAwaitRestart', // 27
  'StorageDealClientTransferRestart', // 28
  'StorageDealAwaitingPreCommit', // 29
  'StorageDealTransferQueued', // 30
] as const

/** A storage deal status name, identical to the go-fil-markets v1.28.3 constant. */
export type StorageDealStatus = (typeof STORAGE_DEAL_STATUSES)[number]

/** A name a status had in an older go-fil-markets release (see {@link LEGACY_STATUS_NAMES}). */
export type LegacyStorageDealStatus =
  | 'StorageDealRecordPiece'
  | 'StorageDealFundsEnsured'
  | 'StorageDealEnsureProviderFunds'
  | 'StorageDealEnsureClientFunds'
  | 'StorageDealProviderTransferRestart'

/**
 * Former names that kept their numeric code, mapped to the current name. They are accepted
 * wherever a status name is parsed (e.g. records written by older tools), never produced.
 * - StorageDealRecordPiece → StorageDealFinalizing (6), renamed in v0.5.3;
 * - StorageDealFundsEnsured → StorageDealFundsReserved (12), v1.0.4;
 * - StorageDealEnsureProviderFunds → StorageDealReserveProviderFunds (20), v1.0.4;
 * - StorageDealEnsureClientFunds → StorageDealReserveClientFunds (21), v1.0.4;
 * - StorageDealProviderTransferRestart → StorageDealProviderTransferAwaitRestart (27), v1.0.11.
 */
export const LEGACY_STATUS_NAMES: Readonly<Record<LegacyStorageDealStatus, StorageDealStatus>> = {
  StorageDealRecordPiece: 'StorageDealFinalizing',
  StorageDealFundsEnsured: 'StorageDealFundsReserved',
  StorageDealEnsureProviderFunds: 'StorageDealReserveProviderFunds',
  StorageDealEnsureClientFunds: 'StorageDealReserveClientFunds',
  StorageDealProviderTransferRestart: 'StorageDealProviderTransferAwaitRestart',
}

const table = codeTable<StorageDealStatus>(
  STORAGE_DEAL_STATUSES,
  LEGACY_STATUS_NAMES,
  (value) => new UnknownStatusError(value),
)

/** True when `value` is a current status name (legacy names are not; use {@link resolveStatusName}). */
export function isStorageDealStatus(value: unknown): value is StorageDealStatus {
  return table.is(value)
}

/** The current name for a current or legacy status name. Throws UnknownStatusError otherwise. */
export function resolveStatusName(name: string): StorageDealStatus {
  return table.resolve(name)
}

/** The Go numeric code of a current or legacy status name. Throws UnknownStatusError otherwise. */
export function statusCode(name: string): number {
  return table.code(name)
}

/** The status name for a Go numeric code. Throws UnknownStatusError for codes outside 0…30. */
export function statusName(code: number): StorageDealStatus {
  return table.name(code)
}
