/**
 * The states a provider deal can be in: the subset of StorageDealStatus the go-fil-markets v1.28.3
 * provider machine enters, with one-line meanings and the Go numeric codes used as diagram ids.
 *
 * @module
 */

import type { StateDescription } from '../fsm/index.ts'
import { type StorageDealStatus, statusCode } from '../market/index.ts'

/** Every provider state, in Go numeric-code order (the order diagrams use). */
export const PROVIDER_STATES = [
  'StorageDealUnknown',
  'StorageDealStaged',
  'StorageDealSealing',
  'StorageDealFinalizing',
  'StorageDealActive',
  'StorageDealExpired',
  'StorageDealSlashed',
  'StorageDealRejecting',
  'StorageDealFailing',
  'StorageDealValidating',
  'StorageDealAcceptWait',
  'StorageDealTransferring',
  'StorageDealWaitingForData',
  'StorageDealVerifyData',
  'StorageDealReserveProviderFunds',
  'StorageDealProviderFunding',
  'StorageDealPublish',
  'StorageDealPublishing',
  'StorageDealError',
  'StorageDealProviderTransferAwaitRestart',
  'StorageDealAwaitingPreCommit',
] as const satisfies readonly StorageDealStatus[]

/** A state of the provider machine (a StorageDealStatus name). */
export type ProviderState = (typeof PROVIDER_STATES)[number]

/** States in which a provider deal takes no more events, in the reference's finality-list order. */
export const PROVIDER_FINAL_STATES = [
  'StorageDealError',
  'StorageDealSlashed',
  'StorageDealExpired',
] as const satisfies readonly ProviderState[]

/**
 * States in which an incoming data push for the deal is accepted (go-fil-markets' data-transfer
 * acceptable states).
 */
export const TRANSFER_ACCEPTABLE_STATES: readonly ProviderState[] = [
  'StorageDealValidating',
  'StorageDealWaitingForData',
  'StorageDealUnknown',
  'StorageDealTransferring',
  'StorageDealProviderTransferAwaitRestart',
]

/**
 * States in which a deal still waits for its data (before it is verified and collateral reserved):
 * a deal still in one of them when the chain reaches its start epoch is failed with
 * ProviderEventDataDeadlinePassed, since it can no longer be published in time.
 */
export const DATA_DEADLINE_STATES = [
  'StorageDealWaitingForData',
  'StorageDealTransferring',
  'StorageDealProviderTransferAwaitRestart',
] as const satisfies readonly ProviderState[]

/**
 * Provider state names used before go-fil-markets v1.0.4 (and v1.0.11 for the transfer restart),
 * mapped to the current name with the same numeric code. Accepted when reading names, never produced.
 */
export const PROVIDER_STATE_ALIASES: Readonly<Record<string, ProviderState>> = {
  StorageDealEnsureProviderFunds: 'StorageDealReserveProviderFunds',
  StorageDealProviderTransferRestart: 'StorageDealProviderTransferAwaitRestart',
  StorageDealRecordPiece: 'StorageDealFinalizing',
}

const MEANINGS: Readonly<Record<ProviderState, string>> = {
  StorageDealUnknown: 'The proposal was recorded; its Open event has not been applied yet.',
  StorageDealStaged: 'The deal is published; its data is handed to the sealing subsystem.',
  StorageDealSealing: "The deal's sector is pre-committed; waiting for the prove-commit that activates it.",
  StorageDealFinalizing: 'The deal is active on chain; staged files are removed.',
  StorageDealActive: 'The deal is active; waiting for it to expire or be slashed (parked).',
  StorageDealExpired: 'The deal reached its end epoch.',
  StorageDealSlashed: "The deal's sector was terminated before the end epoch.",
  StorageDealRejecting: 'The proposal is refused; the refusal is being sent to the client.',
  StorageDealFailing: 'The deal failed; its resources are released before it moves to Error.',
  StorageDealValidating: 'The proposal is checked against the chain, the ask and the provider.',
  StorageDealAcceptWait: 'The deal filter decides; an acceptance is then sent to the client.',
  StorageDealTransferring: 'The client is pushing the deal data.',
  StorageDealWaitingForData: 'Accepted; waiting for a transfer to open or for an offline import.',
  StorageDealVerifyData: "The received data's piece commitment is checked against the proposal.",
  StorageDealReserveProviderFunds: 'The provider collateral is reserved in the market actor.',
  StorageDealProviderFunding: 'An add-funds message for the collateral is awaited on chain.',
  StorageDealPublish: 'The deal is queued for a publish-storage-deals message.',
  StorageDealPublishing: 'The publish message was sent; waiting for it to execute.',
  StorageDealError: 'The deal failed for good.',
  StorageDealProviderTransferAwaitRestart:
    'The provider restarted mid-transfer; waiting for the client to resume.',
  StorageDealAwaitingPreCommit: 'The data is with the sealing subsystem; waiting for the sector pre-commit.',
}

/** Diagram id (the Go numeric code) and one-line meaning of every provider state. */
export const PROVIDER_STATE_DESCRIPTIONS: Readonly<Record<ProviderState, StateDescription>> =
  Object.fromEntries(
    PROVIDER_STATES.map((state) => [state, { code: statusCode(state), description: MEANINGS[state] }]),
  ) as Record<ProviderState, StateDescription>

/** True for a state of the provider machine. */
export function isProviderState(value: unknown): value is ProviderState {
  return typeof value === 'string' && (PROVIDER_STATES as readonly string[]).includes(value)
}
