/**
 * StorageClient: the public API of the client side (go-fil-markets `StorageClient`).
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { AbortOptions, StorageProviderInfo } from '../adapters/node.ts'
import { NotStartedError } from '../errors.ts'
import { type ErrorListener, type RecordCodec, StateGroup } from '../fsm/index.ts'
import {
  type ClientDeal,
  clientDealProposalCid,
  decodeStoredClientDeal,
  encodeStoredClientDeal,
  newDealUuid,
  type ProviderDealState,
  type StorageAsk,
  TTManual,
} from '../market/index.ts'
import type { ClientSubscriber, StorageClient, StorageClientComponents, StorageClientInit } from './api.ts'
import { type ClientDealEnvironment, createClientEnvironment } from './environment.ts'
import type { ClientEvent } from './events.ts'
import { type ClientMachine, createClientMachine } from './machine.ts'
import {
  buildDealProposal,
  type Mk12DealFields,
  newClientDeal,
  type ProposeStorageDealParams,
  type ProposeStorageDealResult,
} from './proposal.ts'
import { chooseProtocolFamily } from './protocol-family.ts'
import { queryProviderDealState, queryStorageAsk } from './provider-queries.ts'
import type { ClientState } from './states.ts'
import { recordTime } from './table-support.ts'
import { forwardTransferEvents } from './transfer-events.ts'

/**
 * Client deals are stored in go-fil-markets' ClientDeal map layout with the state written by name;
 * records written by go-fil-markets (numeric state) still read.
 */
export const clientDealRecordCodec: RecordCodec<ClientDeal> = {
  encode: encodeStoredClientDeal,
  decode: decodeStoredClientDeal,
}

/**
 * Create a storage client. Call `start` before anything else: it restarts every unfinished deal
 * found in the datastore, then follows data-transfer notifications.
 *
 * @example
 * const client = createStorageClient({ node, network, dataTransfer, datastore, clock })
 * await client.start()
 * const { proposalCid } = await client.proposeStorageDeal({ client: wallet, provider, data,
 *   startEpoch, endEpoch, pricePerEpoch: 1n })
 */
export function createStorageClient(
  components: StorageClientComponents,
  init: StorageClientInit = {},
): StorageClient {
  return new DefaultStorageClient(components, init)
}

type ClientGroup = StateGroup<ClientState, ClientEvent, ClientDeal, ClientDealEnvironment>

class DefaultStorageClient implements StorageClient {
  readonly #components: StorageClientComponents
  readonly #machine: ClientMachine
  readonly #env: ClientDealEnvironment
  readonly #subscribers = new Set<ClientSubscriber>()
  readonly #errorListeners = new Set<ErrorListener>()
  #group: ClientGroup | undefined
  #unsubscribeTransfers: (() => void) | undefined

  constructor(components: StorageClientComponents, init: StorageClientInit) {
    this.#components = components
    this.#machine = createClientMachine(components.clock)
    this.#env = createClientEnvironment(components, init)
  }

  get pollingIntervalMs(): number {
    return this.#env.pollingIntervalMs
  }

  async start(): Promise<void> {
    if (this.#group !== undefined) return
    // A stopped state group cannot start again, so every start gets a fresh one.
    const group: ClientGroup = new StateGroup(this.#machine, {
      datastore: this.#components.datastore,
      env: this.#env,
      codec: clientDealRecordCodec,
    })
    group.subscribe((event, deal) => this.#notify(event, deal))
    group.onError((error, id) => this.#reportError(error, id))
    this.#group = group
    // Subscribed before the restart: a restarted deal's RestartDataTransfer may make the transfer
    // module report the restart at once, and that event must reach the deal.
    this.#unsubscribeTransfers = forwardTransferEvents(this.#components.dataTransfer, group, (error, id) =>
      this.#reportError(error, id),
    )
    await group.start()
  }

  async stop(): Promise<void> {
    const group = this.#group
    if (group === undefined) return
    this.#unsubscribeTransfers?.()
    this.#unsubscribeTransfers = undefined
    this.#group = undefined
    await group.stop()
  }

  async proposeStorageDeal(
    params: ProposeStorageDealParams,
    options?: AbortOptions,
  ): Promise<ProposeStorageDealResult> {
    const group = this.#started()
    const { node, clock, network, transferRegistry } = this.#components
    const offline = params.data.TransferType === TTManual
    const protocolFamily = await chooseProtocolFamily(
      { network, transferRegistry, peer: params.provider.peerId, offline, requested: params.protocolFamily },
      options,
    )
    const proposal = await buildDealProposal(node, params, options)
    const signed = await node.signProposal(params.client, proposal, options)
    const proposalCid = await clientDealProposalCid(signed)
    const creationTime = recordTime(clock)()
    const id = proposalCid.toString()
    let mk12: Mk12DealFields | undefined
    if (protocolFamily === 'mk/1.2') {
      const DealUUID = newDealUuid()
      // Served before the proposal leaves, since the provider may start pulling as soon as it accepts.
      mk12 =
        offline || transferRegistry === undefined
          ? { DealUUID }
          : {
              DealUUID,
              Transfer: await transferRegistry.register(
                { dealUuid: DealUUID, root: params.data.Root, pieceCid: proposal.PieceCID },
                options,
              ),
            }
    }
    // The caller's signal reaches the record store: a datastore that never answers cannot hold the call.
    const signal = options?.signal === undefined ? {} : { signal: options.signal }
    await group.begin(id, newClientDeal(signed, proposalCid, params, creationTime, mk12), signal)
    // Should Open fail to persist (or be abandoned), the record stays in StorageDealUnknown and the
    // next start opens it.
    await group.send(id, { type: 'ClientEventOpen' }, signal)
    return mk12 === undefined
      ? { proposalCid, protocolFamily }
      : { proposalCid, protocolFamily, dealUuid: mk12.DealUUID }
  }

  async listLocalDeals(): Promise<ClientDeal[]> {
    return this.#started().list()
  }

  async getLocalDeal(proposalCid: CID): Promise<ClientDeal> {
    return this.#started().get(proposalCid.toString())
  }

  getAsk(provider: StorageProviderInfo, options?: AbortOptions): Promise<StorageAsk> {
    return queryStorageAsk(this.#components, provider, options)
  }

  async getProviderDealState(proposalCid: CID, options?: AbortOptions): Promise<ProviderDealState> {
    const deal = await this.getLocalDeal(proposalCid)
    return queryProviderDealState(this.#components, deal, options)
  }

  subscribe(subscriber: ClientSubscriber): () => void {
    this.#subscribers.add(subscriber)
    return () => {
      this.#subscribers.delete(subscriber)
    }
  }

  onError(listener: ErrorListener): () => void {
    this.#errorListeners.add(listener)
    return () => {
      this.#errorListeners.delete(listener)
    }
  }

  #started(): ClientGroup {
    if (this.#group === undefined) throw new NotStartedError('the storage client is not started')
    return this.#group
  }

  #notify(event: ClientEvent, deal: ClientDeal): void {
    for (const subscriber of [...this.#subscribers]) {
      try {
        subscriber(event, deal)
      } catch (error) {
        this.#reportError(
          error instanceof Error ? error : new Error(String(error)),
          deal.ProposalCid.toString(),
        )
      }
    }
  }

  #reportError(error: Error, id?: string): void {
    for (const listener of [...this.#errorListeners]) {
      try {
        listener(error, id)
      } catch {
        // An error listener that throws has nowhere left to report to.
      }
    }
  }
}
