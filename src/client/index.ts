/**
 * The client side of storage deals: the client deal machine and the StorageClient API.
 *
 * @module
 */

export type {
  ClientSubscriber,
  Startable,
  StorageClient,
  StorageClientComponents,
  StorageClientInit,
} from './api.ts'
export type { ClientEntryContext, ClientEntryFunction } from './entry/context.ts'
export { PROPOSAL_RESPONSE_TIMEOUT_MS } from './entry/propose-deal.ts'
export { ensureClientFunds, reserveClientFunds } from './entry/reserve-client-funds.ts'
export {
  type CleanBlockstore,
  type ClientDealEnvironment,
  type ClientEnvironmentComponents,
  type ClientEnvironmentInit,
  createClientEnvironment,
  DEFAULT_ACCEPTANCE_GRACE_EPOCHS,
  DEFAULT_POLLING_INTERVAL_MS,
} from './environment.ts'
export {
  type ClientEvent,
  ClientEventEnsureFundsFailed,
  ClientEventFundsEnsured,
  type ClientEventOf,
  type ClientEventType,
} from './events.ts'
export {
  CLIENT_ENTRY_FUNCTIONS,
  type ClientMachine,
  clientFailureEvent,
  createClientMachine,
  LEGACY_CLIENT_ENTRY_FUNCTIONS,
  storageClientMachine,
} from './machine.ts'
export { CHECKPOINT_PROVIDER_STATES, providerStateFromMk12 } from './mk12-status.ts'
export type { Mk12DealFields, ProposeStorageDealParams, ProposeStorageDealResult } from './proposal.ts'
export { chooseProtocolFamily, type FamilyChoice } from './protocol-family.ts'
export {
  CLIENT_FINAL_STATES,
  CLIENT_STATE_DESCRIPTIONS,
  CLIENT_STATES,
  type ClientState,
  isClientState,
  LEGACY_CLIENT_STATES,
  StorageDealEnsureClientFunds,
  StorageDealFundsEnsured,
} from './states.ts'
export { clientDealRecordCodec, createStorageClient } from './storage-client.ts'
export {
  type CarServing,
  type ClientTransferRegistry,
  carServerRegistry,
  type PayloadToServe,
} from './transfer-registry.ts'
