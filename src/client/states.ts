/**
 * The states a client deal passes through: the subset of StorageDealStatus the go-fil-markets
 * v1.28.3 client machine enters, with their numeric wire codes for diagrams and display.
 *
 * @module
 */

import type { StateDescription } from '../fsm/index.ts'
import { STATUS_INFO, type StorageDealStatus, statusCode } from '../market/index.ts'

/**
 * Every client state, ordered by numeric code (the order of the reference's generated diagram):
 * - StorageDealUnknown (0): a record created by `begin`, before ClientEventOpen.
 * - StorageDealProposalAccepted (3): the provider reports the deal published; checking it on chain.
 * - StorageDealSealing (5): the sector is pre-committed; waiting for activation.
 * - StorageDealActive (7): active on chain; waiting for expiry or slashing (parked).
 * - StorageDealExpired (8): the deal ended normally (final).
 * - StorageDealSlashed (9): the sector was slashed (final).
 * - StorageDealFailing (11): something failed; cleanup (release funds, untag, blockstore) runs.
 * - StorageDealFundsReserved (12): funds are reserved; the proposal is sent next.
 * - StorageDealCheckForAcceptance (13): polling the provider until it has published the deal.
 * - StorageDealStartDataTransfer (16): opening the push transfer to the provider.
 * - StorageDealTransferring (17): the data is moving to the provider.
 * - StorageDealReserveClientFunds (21): reserving payment and collateral in the market actor.
 * - StorageDealClientFunding (23): waiting for the add-funds message to land.
 * - StorageDealError (26): failed for good (final).
 * - StorageDealClientTransferRestart (28): restarting the transfer channel after a client restart.
 * - StorageDealAwaitingPreCommit (29): published; waiting for the sector pre-commit.
 * - StorageDealTransferQueued (30): the provider queued its request for the data.
 */
export const CLIENT_STATES = [
  'StorageDealUnknown',
  'StorageDealProposalAccepted',
  'StorageDealSealing',
  'StorageDealActive',
  'StorageDealExpired',
  'StorageDealSlashed',
  'StorageDealFailing',
  'StorageDealFundsReserved',
  'StorageDealCheckForAcceptance',
  'StorageDealStartDataTransfer',
  'StorageDealTransferring',
  'StorageDealReserveClientFunds',
  'StorageDealClientFunding',
  'StorageDealError',
  'StorageDealClientTransferRestart',
  'StorageDealAwaitingPreCommit',
  'StorageDealTransferQueued',
] as const satisfies readonly StorageDealStatus[]

/** A state of the client machine (a StorageDealStatus name). */
export type ClientState = (typeof CLIENT_STATES)[number]

/** States in which a client deal takes no more events (the reference's finality list, in its order). */
export const CLIENT_FINAL_STATES = [
  'StorageDealSlashed',
  'StorageDealExpired',
  'StorageDealError',
] as const satisfies readonly ClientState[]

/** True when `state` is one of the client machine's states. */
export function isClientState(state: string): state is ClientState {
  return (CLIENT_STATES as readonly string[]).includes(state)
}

/** Numeric code and one-line meaning of every client state; the code is the diagram id. */
export const CLIENT_STATE_DESCRIPTIONS: Readonly<Record<ClientState, StateDescription>> = Object.fromEntries(
  CLIENT_STATES.map((state) => [state, { code: statusCode(state), description: STATUS_INFO[state].meaning }]),
) as Record<ClientState, StateDescription>

/**
 * Former name of StorageDealReserveClientFunds (code 21), used before go-fil-markets v1.0.4.
 * Accepted wherever a status name is resolved (`resolveStatusName`), never produced.
 */
export const StorageDealEnsureClientFunds = 'StorageDealEnsureClientFunds' as const

/**
 * Former name of StorageDealFundsReserved (code 12), used before go-fil-markets v1.0.4.
 * Accepted wherever a status name is resolved, never produced.
 */
export const StorageDealFundsEnsured = 'StorageDealFundsEnsured' as const

/** Pre-v1.0.4 client state names mapped to the current name with the same code. */
export const LEGACY_CLIENT_STATES: Readonly<
  Record<typeof StorageDealEnsureClientFunds | typeof StorageDealFundsEnsured, ClientState>
> = {
  StorageDealEnsureClientFunds: 'StorageDealReserveClientFunds',
  StorageDealFundsEnsured: 'StorageDealFundsReserved',
}
