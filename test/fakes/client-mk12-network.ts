import type { DealProtocolFamily, PeerId } from '../../src/adapters/network.ts'
import type { AbortOptions } from '../../src/adapters/node.ts'
import type { PayloadToServe } from '../../src/client/transfer-registry.ts'
import {
  clientDealProposalCid,
  type DealParams,
  type DealResponse,
  type DealUUID,
  encodeHttpRequest,
  formatDealUuid,
  type Mk12DealStatus,
  type Mk12DealStatusRequest,
  type Mk12DealStatusResponse,
  type Transfer,
} from '../../src/market/index.ts'
import { FakeClientNetwork } from './client-network.ts'

/**
 * A client network that also speaks Boost's protocols: proposals are recorded and answered with
 * `dealResponse` (or rejected with `proposeError`), status queries with `status` (a partial
 * DealStatus over the proposal sent; `statusError` makes the provider answer with an error).
 */
export class FakeMk12ClientNetwork extends FakeClientNetwork {
  families: readonly DealProtocolFamily[] = ['mk/1.2', 'mk/1.1']
  readonly mk12Proposals: { peer: PeerId; params: DealParams }[] = []
  readonly mk12StatusRequests: Mk12DealStatusRequest[] = []
  dealResponse: DealResponse = { Accepted: true, Message: '' }
  proposeError: Error | undefined
  status: Partial<Mk12DealStatus> = { Status: 'Accepted' }
  nBytesReceived = 0
  statusError = ''

  async dealProtocolFamilies(_peer: PeerId, _options?: AbortOptions): Promise<readonly DealProtocolFamily[]> {
    return this.families
  }

  async proposeMk12Deal(peer: PeerId, params: DealParams, _options?: AbortOptions): Promise<DealResponse> {
    this.mk12Proposals.push({ peer, params })
    if (this.proposeError !== undefined) throw this.proposeError
    return this.dealResponse
  }

  async queryMk12DealStatus(
    _peer: PeerId,
    request: Mk12DealStatusRequest,
    _options?: AbortOptions,
  ): Promise<Mk12DealStatusResponse> {
    this.mk12StatusRequests.push(request)
    const sent = this.mk12Proposals.at(-1)?.params
    if (this.statusError !== '' || sent === undefined) {
      return {
        DealUUID: request.DealUUID,
        Error: this.statusError || 'no storage deal found',
        DealStatus: null,
        IsOffline: false,
        TransferSize: 0,
        NBytesReceived: 0,
      }
    }
    return {
      DealUUID: request.DealUUID,
      Error: '',
      DealStatus: {
        Error: '',
        Status: 'Accepted',
        SealingStatus: '',
        Proposal: sent.ClientDealProposal.Proposal,
        SignedProposalCid: await clientDealProposalCid(sent.ClientDealProposal),
        PublishCid: null,
        ChainDealID: 0,
        ...this.status,
      },
      IsOffline: sent.IsOffline,
      TransferSize: sent.Transfer.Size,
      NBytesReceived: this.nBytesReceived,
    }
  }
}

/** A transfer registry that records registrations and releases. */
export class FakeTransferRegistry {
  readonly registered: PayloadToServe[] = []
  readonly released: DealUUID[] = []

  async register(payload: PayloadToServe): Promise<Transfer> {
    this.registered.push(payload)
    const URL = `http://client.example/${formatDealUuid(payload.dealUuid)}`
    return { Type: 'http', ClientID: '', Params: encodeHttpRequest({ URL, Headers: null }), Size: 1234 }
  }

  release(dealUuid: DealUUID): void {
    this.released.push(dealUuid)
  }
}
