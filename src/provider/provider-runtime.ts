/**
 * The implementation behind {@link createStorageProvider}: it wires the components, the deal
 * group, the publisher, the stored ask, the deal streams and the data-transfer hooks together.
 *
 * @module
 */

import type { Datastore } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import type { PeerId as NetworkPeer } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { NotStartedError } from '../errors.ts'
import { type ErrorListener, StateGroup } from '../fsm/index.ts'
import type {
  AskRequest,
  AskResponse,
  DealParams,
  DealResponse,
  DealStatusRequest,
  DealStatusResponse,
  MinerDeal,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
  SignedStorageAsk,
  TokenAmount,
} from '../market/index.ts'
import { DataDeadlines } from './data-deadlines.ts'
import { minerDealCodec, type ProviderDealGroup } from './deal-group.ts'
import { DealStreams } from './deal-streams.ts'
import { DealUuidIndex } from './deal-uuids.ts'
import { acceptAllDeals } from './decision.ts'
import { createProviderEnvironment, type ProviderLogger, silentLogger } from './environment.ts'
import { type ImportData, importDataForDeal } from './import-data.ts'
import { providerMachine } from './machine.ts'
import { answerMk12DealStatus } from './mk12-status.ts'
import { DealPublisher } from './publisher.ts'
import { DealPulls } from './pulls.ts'
import { answerAskRequest, answerDealStatus } from './queries.ts'
import { receiveDeal } from './receive-deal.ts'
import { receiveDealParams } from './receive-deal-params.ts'
import { signMinerData } from './sign.ts'
import { StagingWrites } from './staging-writes.ts'
import type {
  ProviderSubscriber,
  StorageProvider,
  StorageProviderComponents,
  StorageProviderInit,
} from './storage-provider.ts'
import { type AskOptions, StoredAsk } from './stored-ask.ts'
import { createTransferValidator, subscribeToTransfers } from './transfers.ts'

/** A provider: see {@link StorageProvider}. */
export class ProviderRuntime implements StorageProvider {
  readonly #components: StorageProviderComponents
  readonly #logger: ProviderLogger
  readonly #group: ProviderDealGroup
  readonly #publisher: DealPublisher
  readonly #storedAsk: StoredAsk
  readonly #streams: DealStreams
  readonly #uuids: DealUuidIndex
  readonly #pulls: DealPulls
  readonly #deadlines: DataDeadlines
  readonly #lifetime = new AbortController()
  #unsubscribers: (() => void)[] = []
  #status: 'new' | 'started' | 'stopped' = 'new'

  constructor(
    components: StorageProviderComponents,
    init: StorageProviderInit,
    deals: Datastore,
    ask: Datastore,
    uuids: Datastore,
  ) {
    const { node, minerAddress: address, clock } = components
    this.#components = components
    this.#logger = components.logger ?? silentLogger
    this.#publisher = new DealPublisher({ node, clock }, init.publisher)
    this.#storedAsk = new StoredAsk({ datastore: ask, node, address }, init.ask)
    this.#streams = new DealStreams((bytes, options) => signMinerData(node, address, bytes, options))
    this.#uuids = new DealUuidIndex(uuids)
    const env = createProviderEnvironment({
      address,
      node,
      network: components.network,
      dataTransfer: components.dataTransfer,
      staging: components.staging,
      pieceCommitment: components.pieceCommitment,
      pieceDirectory: components.pieceDirectory,
      clock,
      logger: this.#logger,
      lifetime: this.#lifetime.signal,
      awaitRestartTimeoutMs: init.awaitTransferRestartTimeoutMs ?? 3_600_000,
      dealStartBufferEpochs: init.dealStartBufferEpochs ?? 480,
      ...(init.dealDurationLimits === undefined ? {} : { dealDurationLimits: init.dealDurationLimits }),
      streams: this.#streams,
      publisher: this.#publisher,
      dealFilter: init.dealFilter ?? acceptAllDeals,
      ask: () => this.#storedAsk.getAsk()?.Ask ?? undefined,
      dealsInProgress: () => this.#group.activeCount,
      startPull: (deal, options) => this.#pulls.start(deal, options),
    })
    this.#group = new StateGroup(providerMachine, { datastore: deals, env, codec: minerDealCodec })
    this.#pulls = new DealPulls(components.pullTransfer, this.#group, this.#logger)
    this.#deadlines = new DataDeadlines(
      { group: this.#group, node, clock, logger: this.#logger },
      init.dataDeadlineSweepIntervalMs === undefined ? {} : { intervalMs: init.dataDeadlineSweepIntervalMs },
    )
  }

  async start(options: AbortOptions = {}): Promise<void> {
    if (this.#status !== 'new') throw new NotStartedError('a provider can be started only once')
    this.#status = 'started'
    const { network, dataTransfer, staging } = this.#components
    await this.#storedAsk.load(options)
    // Handlers first, as the reference does: restarted deals may need the network at once.
    network.setReceiver(this)
    const writes = new StagingWrites(this.#lifetime.signal)
    this.#unsubscribers.push(writes.follow(this.#group))
    const validator = createTransferValidator(this.#group, staging, writes)
    dataTransfer.setValidator(validator)
    this.#unsubscribers.push(subscribeToTransfers(dataTransfer, this.#group, this.#logger))
    const pulls = this.#pulls.transfer
    if (pulls !== undefined && pulls !== dataTransfer) {
      pulls.setValidator(validator)
      this.#unsubscribers.push(subscribeToTransfers(pulls, this.#group, this.#logger))
    }
    // Before the restart, which starts the pulls of deals found waiting for their data.
    this.#unsubscribers.push(this.#pulls.follow(), this.#pulls.trackBytes())
    // Before the restart too, so deals restored waiting for their data are indexed.
    this.#unsubscribers.push(this.#deadlines.follow())
    await this.#group.start()
  }

  async stop(): Promise<void> {
    if (this.#status === 'stopped') return
    this.#status = 'stopped'
    this.#components.network.stopHandling()
    for (const unsubscribe of this.#unsubscribers.splice(0)) unsubscribe()
    this.#lifetime.abort()
    this.#deadlines.stop()
    this.#publisher.stop()
    await this.#group.stop()
    await this.#streams.closeAll()
  }

  handleDealStream(stream: Parameters<StorageProvider['handleDealStream']>[0]): Promise<void> {
    return receiveDeal(
      {
        group: this.#group,
        streams: this.#streams,
        staging: this.#components.staging,
        clock: this.#components.clock,
        logger: this.#logger,
        peerId: this.#components.network.peerId,
      },
      stream,
    )
  }

  handleDealParams(params: DealParams, from: NetworkPeer): Promise<DealResponse> {
    return receiveDealParams(
      {
        group: this.#group,
        streams: this.#streams,
        staging: this.#components.staging,
        clock: this.#components.clock,
        logger: this.#logger,
        peerId: this.#components.network.peerId,
        uuids: this.#uuids,
      },
      params,
      from,
    )
  }

  handleMk12DealStatusRequest(
    request: Mk12DealStatusRequest,
    _from: NetworkPeer,
    options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse> {
    return answerMk12DealStatus(
      {
        group: this.#group,
        uuids: this.#uuids,
        node: this.#components.node,
        bytesReceived: (deal) => this.#pulls.bytesReceived(deal),
      },
      request,
      options,
    )
  }

  async handleAskRequest(request: AskRequest): Promise<AskResponse> {
    return answerAskRequest(this.#storedAsk, this.#components.minerAddress, request)
  }

  handleDealStatusRequest(request: DealStatusRequest, options?: AbortOptions): Promise<DealStatusResponse> {
    const { node, minerAddress: address } = this.#components
    return answerDealStatus({ group: this.#group, node, address }, request, options)
  }

  importDataForDeal(proposalCid: CID, data: ImportData, options?: AbortOptions): Promise<void> {
    const { staging, pieceCommitment } = this.#components
    return importDataForDeal(
      { group: this.#group, staging, pieceCommitment, logger: this.#logger },
      proposalCid,
      data,
      options,
    )
  }

  listLocalDeals(): Promise<MinerDeal[]> {
    return this.#group.list()
  }

  getLocalDeal(proposalCid: CID): Promise<MinerDeal> {
    return this.#group.get(proposalCid.toString())
  }

  setAsk(
    price: TokenAmount,
    verifiedPrice: TokenAmount,
    duration: number,
    options?: AskOptions,
  ): Promise<SignedStorageAsk> {
    return this.#storedAsk.setAsk(price, verifiedPrice, duration, options)
  }

  getAsk(): SignedStorageAsk | undefined {
    return this.#storedAsk.getAsk()
  }

  retryDealPublishing(proposalCid: CID): Promise<MinerDeal> {
    return this.#group.send(proposalCid.toString(), { type: 'ProviderEventRestart' })
  }

  publishPendingNow(): void {
    this.#publisher.publishPendingNow()
  }

  subscribe(subscriber: ProviderSubscriber): () => void {
    return this.#group.subscribe(subscriber)
  }

  onError(listener: ErrorListener): () => void {
    return this.#group.onError(listener)
  }
}
