/**
 * What client entry functions may touch (go-fil-markets `ClientDealEnvironment`), and the
 * implementation the StorageClient builds from its components.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { Clock } from '../adapters/clock.ts'
import type { ClientDataTransfer, StorageDataTransferVoucher } from '../adapters/data-transfer.ts'
import type { ClientDealStream, ClientNetwork } from '../adapters/network.ts'
import type { AbortOptions, StorageClientNode } from '../adapters/node.ts'
import { channelFromRecord, channelToRecord, peerFromRecord } from '../adapters/record-ids.ts'
import { ProtocolFamilyUnavailableError } from '../errors.ts'
import type {
  ChannelID,
  ClientDeal,
  DealParams,
  DealResponse,
  PeerId,
  ProviderDealState,
} from '../market/index.ts'
import { queryProviderDealState } from './provider-queries.ts'
import type { ClientTransferRegistry } from './transfer-registry.ts'

/** Default time between two acceptance polls: 30 s, as go-fil-markets' `DefaultPollingInterval`. */
export const DEFAULT_POLLING_INTERVAL_MS = 30_000

/** Default epochs after the start epoch before an unaccepted deal fails (`MaxGraceEpochsForDealAcceptance`). */
export const DEFAULT_ACCEPTANCE_GRACE_EPOCHS = 10

/** Releases what the client holds for a deal's payload once the provider has it. */
export type CleanBlockstore = (payloadRoot: CID, options?: AbortOptions) => Promise<void> | void

/** The environment of client entry functions. Peers are given in their record (byte) form. */
export interface ClientDealEnvironment {
  /** The client's node (funds, signatures, chain watchers). */
  readonly node: StorageClientNode
  /** Time source for polling and deal-stage timestamps. */
  readonly clock: Clock
  /** Time between two acceptance polls, in ms. */
  readonly pollingIntervalMs: number
  /** Epochs after the proposal's start epoch within which the provider must accept. */
  readonly acceptanceGraceEpochs: number
  /** Open a deal stream to the provider. */
  newDealStream(miner: PeerId, options?: AbortOptions): Promise<ClientDealStream>
  /**
   * Propose an mk/1.2 deal: send DealParams, resolve with the provider's DealResponse. Rejects when
   * the network does not speak mk/1.2 or no answer came.
   */
  proposeMk12Deal(miner: PeerId, params: DealParams, options?: AbortOptions): Promise<DealResponse>
  /** Stop serving an mk/1.2 online deal's payload (it is published or failed). Never rejects. */
  releaseTransfer(deal: ClientDeal, options?: AbortOptions): Promise<void>
  /** Open a push transfer of the payload under `root` to the provider. */
  startDataTransfer(
    miner: PeerId,
    voucher: StorageDataTransferVoucher,
    root: CID,
    options?: AbortOptions,
  ): Promise<ChannelID>
  /** Resume a recorded transfer channel. */
  restartDataTransfer(channel: ChannelID, options?: AbortOptions): Promise<void>
  /** The provider's signed state of the deal. */
  getProviderDealState(deal: ClientDeal, options?: AbortOptions): Promise<ProviderDealState>
  /** Protect the connection to the provider while the deal needs it. */
  tagPeer(miner: PeerId, tag: string): void
  /** Drop the protection added by {@link tagPeer}. */
  untagPeer(miner: PeerId, tag: string): void
  /** Release the payload's blockstore. Never rejects: a failure is no reason to fail a deal. */
  cleanBlockstore(payloadRoot: CID, options?: AbortOptions): Promise<void>
}

/** The components the environment is built from. */
export interface ClientEnvironmentComponents {
  readonly node: StorageClientNode
  readonly network: ClientNetwork
  readonly dataTransfer: ClientDataTransfer
  readonly clock: Clock
  /** Serves the payloads providers pull for mk/1.2 online deals. */
  readonly transferRegistry?: ClientTransferRegistry
}

/** Options of the environment. */
export interface ClientEnvironmentInit {
  /**
   * Time between two acceptance polls, in ms.
   * @default 30_000
   */
  readonly pollingIntervalMs?: number
  /**
   * Epochs after the start epoch within which the provider must accept the deal.
   * @default 10
   */
  readonly acceptanceGraceEpochs?: number
  /**
   * Called when the client no longer needs a deal's payload (the deal is active, or failed).
   * @default does nothing
   */
  readonly cleanBlockstore?: CleanBlockstore
}

/** Build the environment of client entry functions from the client's components. */
export function createClientEnvironment(
  components: ClientEnvironmentComponents,
  init: ClientEnvironmentInit = {},
): ClientDealEnvironment {
  const { node, network, dataTransfer, clock } = components
  const clean = init.cleanBlockstore
  return {
    node,
    clock,
    pollingIntervalMs: init.pollingIntervalMs ?? DEFAULT_POLLING_INTERVAL_MS,
    acceptanceGraceEpochs: init.acceptanceGraceEpochs ?? DEFAULT_ACCEPTANCE_GRACE_EPOCHS,
    newDealStream: (miner, options) => network.newDealStream(peerFromRecord(miner), options),
    proposeMk12Deal: async (miner, params, options) => {
      if (network.proposeMk12Deal === undefined) {
        throw new ProtocolFamilyUnavailableError('the client network does not speak mk/1.2')
      }
      return network.proposeMk12Deal(peerFromRecord(miner), params, options)
    },
    releaseTransfer: async (deal, options) => {
      if (deal.DealUUID === undefined || deal.Transfer === undefined) return
      try {
        await components.transferRegistry?.release(deal.DealUUID, options)
      } catch {
        // Serving a payload a little longer harms no deal.
      }
    },
    startDataTransfer: async (miner, voucher, root, options) =>
      channelToRecord(await dataTransfer.startPush(peerFromRecord(miner), voucher, root, options)),
    restartDataTransfer: (channel, options) => dataTransfer.restart(channelFromRecord(channel), options),
    getProviderDealState: (deal, options) => queryProviderDealState({ node, network }, deal, options),
    tagPeer: (miner, tag) => network.tagPeer(peerFromRecord(miner), tag),
    untagPeer: (miner, tag) => network.untagPeer(peerFromRecord(miner), tag),
    cleanBlockstore: async (root, options) => {
      try {
        await clean?.(root, options)
      } catch {
        // The reference only logs this: the payload is the client's own data, the deal is unaffected.
      }
    },
  }
}
