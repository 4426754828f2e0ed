/**
 * The provider side of the storage market: the provider deal machine, its environment, the stored
 * ask, the deal filter, publish batching and the StorageProvider API.
 *
 * @module
 */

export { decodeBlockLocations, encodeBlockLocations } from './block-locations.ts'
export { minerDealCodec, type ProviderDealGroup } from './deal-group.ts'
export { type DealResponder, DealStreams, type MinerSigner } from './deal-streams.ts'
export { DealUuidIndex } from './deal-uuids.ts'
export { acceptAllDeals, type DealDecision, type DealFilter, type ProviderSnapshot } from './decision.ts'
export {
  DEAL_MAX_DURATION,
  DEAL_MIN_DURATION,
  type DealDurationLimits,
  MAINNET_DEAL_DURATION_LIMITS,
  MAX_SECTOR_EXPIRATION_EXTENSION,
} from './entry/proposal-checks.ts'
export {
  createProviderEnvironment,
  type ProviderDealEnvironment,
  type ProviderEnvironmentParts,
  type ProviderLogger,
  silentLogger,
} from './environment.ts'
export {
  PROVIDER_EVENT_TYPE_ALIASES,
  PROVIDER_EVENTS_BEYOND_REFERENCE,
  PROVIDER_EVENTS_WITHOUT_TRANSITIONS,
  type ProviderEvent,
  type ProviderEventOf,
  type ProviderEventType,
} from './events.ts'
export type { ImportData } from './import-data.ts'
export {
  PROVIDER_ENTRY_FUNCTION_ALIASES,
  PROVIDER_ENTRY_FUNCTIONS,
  providerFailureEvent,
  providerMachine,
} from './machine.ts'
export { EventText, StepText, ValidationText } from './messages.ts'
export { dealResponseFor, Mk12Answer } from './mk12-answer.ts'
export { Mk12StatusText, PROVIDER_STATE_CHECKPOINTS, sealingStatusOf } from './mk12-status.ts'
export {
  DealPublisher,
  type DealPublisherComponents,
  type DealPublisherInit,
  type PublishOptions,
  type PublishRequest,
} from './publisher.ts'
export { isPullDeal, type ProviderPullTransfer, type PullSpec } from './pulls.ts'
export { StatusQueryText } from './queries.ts'
export { PROPOSAL_READ_TIMEOUT_MS } from './receive-deal.ts'
export {
  DATA_DEADLINE_STATES,
  isProviderState,
  PROVIDER_FINAL_STATES,
  PROVIDER_STATE_ALIASES,
  PROVIDER_STATE_DESCRIPTIONS,
  PROVIDER_STATES,
  type ProviderState,
  TRANSFER_ACCEPTABLE_STATES,
} from './states.ts'
export {
  createStorageProvider,
  PROVIDER_ASK_NAMESPACE,
  PROVIDER_DEAL_UUIDS_NAMESPACE,
  PROVIDER_DEALS_NAMESPACE,
  type ProviderSubscriber,
  type StorageProvider,
  type StorageProviderComponents,
  type StorageProviderInit,
} from './storage-provider.ts'
export {
  ASK_KEY,
  type AskOptions,
  StoredAsk,
  type StoredAskComponents,
  type StoredAskInit,
} from './stored-ask.ts'
export { transferEventToProviderEvent } from './transfers.ts'
