/**
 * What provider entry functions may touch (go-fil-markets' ProviderDealEnvironment), and its
 * implementation on top of the provider's components.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { ProviderDataTransfer } from '../adapters/data-transfer.ts'
import type { ProviderNetwork } from '../adapters/network.ts'
import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import { channelFromRecord, peerFromRecord } from '../adapters/record-ids.ts'
import type { PieceCommitmentFunction, PieceDirectory, StagingStore } from '../adapters/staging.ts'
import { ProtocolFamilyUnavailableError } from '../errors.ts'
import type { Clock } from '../fsm/index.ts'
import type { Address, ChannelID, MinerDeal, PeerId, Response, StorageAsk } from '../market/index.ts'
import type { DealStreams } from './deal-streams.ts'
import type { DealDecision, DealFilter, ProviderSnapshot } from './decision.ts'
import type { DealDurationLimits } from './entry/proposal-checks.ts'
import type { DealPublisher, PublishOptions } from './publisher.ts'

/** Where the provider reports failures it does not act on (the reference only logs these). */
export interface ProviderLogger {
  warn(message: string): void
}

/** A logger that drops everything. */
export const silentLogger: ProviderLogger = { warn: () => undefined }

/** The environment of every provider entry function. */
export interface ProviderDealEnvironment {
  /** The provider's miner actor. */
  readonly address: Address
  readonly node: StorageProviderNode
  readonly staging: StagingStore
  /** The retrieval index; pieces are not recorded when absent. */
  readonly pieceDirectory: PieceDirectory | undefined
  readonly clock: Clock
  readonly logger: ProviderLogger
  /** Aborted when the provider stops; watchers that outlive their entry function listen to it. */
  readonly lifetime: AbortSignal
  /** How long a deal waits in ProviderTransferAwaitRestart for the client to resume, in clock ms. */
  readonly awaitRestartTimeoutMs: number
  /** Least number of epochs between the chain head and a deal's start epoch. */
  readonly dealStartBufferEpochs: number
  /** The deal lengths accepted; mainnet's (180 to 540 days) when absent. */
  readonly dealDurationLimits?: DealDurationLimits
  /** The current ask, if any. */
  ask(): StorageAsk | undefined
  /** The piece commitment of a staging area's bytes padded to `paddedSize`. */
  pieceCommitment(path: string, paddedSize: number, options?: AbortOptions): Promise<CID>
  /** Run the deal filter. */
  decide(deal: MinerDeal, options?: AbortOptions): Promise<DealDecision>
  /** Queue the deal with the publisher; resolves with the publish message CID. */
  publish(deal: MinerDeal, options?: PublishOptions): Promise<CID>
  /** Sign a response and write it on the deal's client stream. */
  sendSignedResponse(response: Response, options?: AbortOptions): Promise<void>
  /** Close and forget the deal's client stream. */
  disconnect(proposalCid: CID): Promise<void>
  /** Ask the client to resume a transfer channel. */
  restartTransfer(channel: ChannelID, options?: AbortOptions): Promise<void>
  /**
   * Start pulling an mk/1.2 online deal's data again (from the first byte) from the URL its
   * client gave; the pull's channel events move the deal on. Rejects when the pull cannot start.
   */
  startPull(deal: MinerDeal, options?: AbortOptions): Promise<void>
  /** Protect the connection to a deal's client. */
  tagPeer(peer: PeerId, tag: string): void
  untagPeer(peer: PeerId, tag: string): void
}

/** Everything {@link createProviderEnvironment} builds the environment from. */
export interface ProviderEnvironmentParts {
  readonly address: Address
  readonly node: StorageProviderNode
  readonly network: Pick<ProviderNetwork, 'tagPeer' | 'untagPeer'>
  readonly dataTransfer: Pick<ProviderDataTransfer, 'restart'>
  readonly staging: StagingStore
  readonly pieceCommitment: PieceCommitmentFunction
  readonly pieceDirectory: PieceDirectory | undefined
  readonly clock: Clock
  readonly logger: ProviderLogger
  readonly lifetime: AbortSignal
  readonly awaitRestartTimeoutMs: number
  readonly dealStartBufferEpochs: number
  readonly dealDurationLimits?: DealDurationLimits
  readonly streams: DealStreams
  readonly publisher: DealPublisher
  readonly dealFilter: DealFilter
  readonly ask: () => StorageAsk | undefined
  /** How many deals are in progress (for the deal filter's snapshot). */
  readonly dealsInProgress: () => number
  /** Starts the pull of an mk/1.2 online deal; without it such pulls are refused. */
  readonly startPull?: (deal: MinerDeal, options?: AbortOptions) => Promise<unknown>
}

/** Build the environment provider entry functions run with. */
export function createProviderEnvironment(parts: ProviderEnvironmentParts): ProviderDealEnvironment {
  const snapshot = (): ProviderSnapshot => ({
    address: parts.address,
    ask: parts.ask(),
    dealsInProgress: parts.dealsInProgress(),
    dealsAwaitingPublish: parts.publisher.pending,
  })
  return {
    address: parts.address,
    node: parts.node,
    staging: parts.staging,
    pieceDirectory: parts.pieceDirectory,
    clock: parts.clock,
    logger: parts.logger,
    lifetime: parts.lifetime,
    awaitRestartTimeoutMs: parts.awaitRestartTimeoutMs,
    dealStartBufferEpochs: parts.dealStartBufferEpochs,
    ...(parts.dealDurationLimits === undefined ? {} : { dealDurationLimits: parts.dealDurationLimits }),
    ask: parts.ask,
    pieceCommitment: (path, paddedSize, options) =>
      parts.pieceCommitment(parts.staging.read(path, options), paddedSize, options),
    decide: async (deal, options = {}) => parts.dealFilter(deal, snapshot(), options),
    publish: (deal, options) =>
      parts.publisher.publish(
        {
          proposalCid: deal.ProposalCid,
          proposal: { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature },
        },
        options,
      ),
    sendSignedResponse: (response, options) => parts.streams.sendSignedResponse(response, options),
    disconnect: (proposalCid) => parts.streams.disconnect(proposalCid),
    restartTransfer: (channel, options) => parts.dataTransfer.restart(channelFromRecord(channel), options),
    startPull: async (deal, options) => {
      if (parts.startPull === undefined) {
        throw new ProtocolFamilyUnavailableError('this provider has no pull transfer for mk/1.2 deals')
      }
      await parts.startPull(deal, options)
    },
    tagPeer: (peer, tag) => parts.network.tagPeer(peerFromRecord(peer), tag),
    untagPeer: (peer, tag) => parts.network.untagPeer(peerFromRecord(peer), tag),
  }
}
