import type { ClientDealStream, ClientNetwork, PeerId, Signed } from '../../src/adapters/network.ts'
import type { AbortOptions } from '../../src/adapters/node.ts'
import {
  type Address,
  type AskRequest,
  type AskResponse,
  clientDealProposalCid,
  type DealStatusRequest,
  type DealStatusResponse,
  encodeProviderDealState,
  encodeResponse,
  encodeStorageAsk,
  type Proposal,
  type ProviderDealState,
  type Response,
  type SignedResponse,
  type StorageAsk,
} from '../../src/market/index.ts'
import { Program } from './client-program.ts'
import { fakeSign } from './client-signatures.ts'

/** What each network call can be scripted to return; answers are partial overrides of the default. */
export interface ClientNetworkScript {
  newDealStream: undefined
  writeDealProposal: undefined
  readDealResponse: Partial<Response>
  close: undefined
  queryAsk: AskResponse
  queryDealStatus: Partial<ProviderDealState>
}

/**
 * The provider side of the deal, ask and status protocols, in memory. Answers are signed with
 * {@link fakeSign} by `worker`: a proposal is answered WaitingForData about itself, a status query
 * with `providerState` about the queried proposal, an ask request with the ask stored for that
 * miner. Everything sent is recorded; `program` scripts failures, hangs and answer overrides.
 */
export class FakeClientNetwork implements ClientNetwork {
  readonly program = new Program<ClientNetworkScript>()
  readonly proposals: { peer: PeerId; proposal: Proposal }[] = []
  readonly statusRequests: { peer: PeerId; request: DealStatusRequest }[] = []
  readonly askRequests: { peer: PeerId; request: AskRequest }[] = []
  readonly tags: { peer: PeerId; tag: string }[] = []
  readonly untags: { peer: PeerId; tag: string }[] = []
  readonly asks = new Map<string, StorageAsk>()
  streamsOpened = 0
  closeCount = 0
  providerState: ProviderDealState['State'] = 'StorageDealActive'
  /** When set, tagging a peer throws it (tagging is synchronous, so it cannot be scripted). */
  tagError: Error | undefined

  constructor(readonly worker: Address) {}

  async newDealStream(peer: PeerId, options?: AbortOptions): Promise<ClientDealStream> {
    await this.program.gate('newDealStream', options?.signal)
    this.streamsOpened++
    let written: Proposal | undefined
    return {
      remotePeer: peer,
      writeDealProposal: async (proposal, opts) => {
        await this.program.gate('writeDealProposal', opts?.signal)
        this.proposals.push({ peer, proposal })
        written = proposal
      },
      readDealResponse: async (opts) => {
        const scripted = await this.program.gate('readDealResponse', opts?.signal)
        if (written?.DealProposal == null) throw new Error('no proposal was written')
        const response: Response = {
          State: 'StorageDealWaitingForData',
          Message: '',
          Proposal: await clientDealProposalCid(written.DealProposal),
          PublishMessage: null,
          ...scripted?.value,
        }
        return this.#signed<SignedResponse>(encodeResponse(response), (Signature) => ({
          Response: response,
          Signature,
        }))
      },
      close: async () => {
        this.closeCount++
        await this.program.gate('close', undefined)
      },
    }
  }

  async queryAsk(peer: PeerId, request: AskRequest, options?: AbortOptions): Promise<Signed<AskResponse>> {
    this.askRequests.push({ peer, request })
    const scripted = await this.program.gate('queryAsk', options?.signal)
    if (scripted !== undefined) return { value: scripted.value, signedBytes: new Uint8Array() }
    const ask = this.asks.get(request.Miner.toString())
    if (ask === undefined) return { value: { Ask: null }, signedBytes: new Uint8Array() }
    return this.#signed<AskResponse>(encodeStorageAsk(ask), (Signature) => ({ Ask: { Ask: ask, Signature } }))
  }

  async queryDealStatus(
    peer: PeerId,
    request: DealStatusRequest,
    options?: AbortOptions,
  ): Promise<Signed<DealStatusResponse>> {
    this.statusRequests.push({ peer, request })
    const scripted = await this.program.gate('queryDealStatus', options?.signal)
    const state: ProviderDealState = {
      State: this.providerState,
      Message: '',
      Proposal: null,
      ProposalCid: request.Proposal,
      AddFundsCid: null,
      PublishCid: null,
      DealID: 0,
      FastRetrieval: false,
      ...scripted?.value,
    }
    return this.#signed<DealStatusResponse>(encodeProviderDealState(state), (Signature) => ({
      DealState: state,
      Signature,
    }))
  }

  tagPeer(peer: PeerId, tag: string): void {
    if (this.tagError !== undefined) throw this.tagError
    this.tags.push({ peer, tag })
  }

  untagPeer(peer: PeerId, tag: string): void {
    this.untags.push({ peer, tag })
  }

  #signed<T>(bytes: Uint8Array, wrap: (signature: ReturnType<typeof fakeSign>) => T): Signed<T> {
    return { value: wrap(fakeSign(this.worker, bytes)), signedBytes: bytes }
  }
}
